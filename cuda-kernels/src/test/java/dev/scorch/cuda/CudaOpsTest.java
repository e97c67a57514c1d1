package dev.scorch.cuda;

import dev.scorch.tensor.Backend;
import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.ReduceOp;
import dev.scorch.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The op codes of {@link CudaOps} against the enums of the {@code .cu} sources they must match: every Java op has
 * the code of the kernel constant with its name, and the kernels know no op the Java side lacks.
 */
class CudaOpsTest {

    /** NAME = value pairs of {@code enum Name { PREFIX_X = 0, ... }} in a source file. */
    private static Map<String, Integer> cuEnum(String file, String name, String prefix) throws IOException {
        String src = Files.readString(Path.of("src/main/cuda", file));
        Matcher body = Pattern.compile("enum\\s+" + name + "\\s*\\{([^}]*)}").matcher(src);
        assertThat(body.find()).as(name + " in " + file).isTrue();
        Map<String, Integer> codes = new LinkedHashMap<>();
        Matcher e = Pattern.compile(prefix + "([A-Z0-9_]+)\\s*=\\s*(\\d+)").matcher(body.group(1));
        while (e.find()) {
            codes.put(e.group(1), Integer.parseInt(e.group(2)));
        }
        return codes;
    }

    @Test
    void unaryCodesMatchElementwiseCu() throws IOException {
        Map<String, Integer> cu = cuEnum("elementwise.cu", "UnaryCode", "U_");
        Map<String, Integer> java = new LinkedHashMap<>();
        for (UnaryOp op : UnaryOp.values()) {
            if (op != UnaryOp.NOT) {
                java.put(op.name(), CudaOps.unary(op));
            }
        }
        assertThat(java).isEqualTo(cu);
        assertThat(CudaOps.unary(UnaryOp.NOT)).isEqualTo(-1);
    }

    @Test
    void binaryCodesMatchElementwiseCu() throws IOException {
        Map<String, Integer> cu = cuEnum("elementwise.cu", "BinaryCode", "B_");
        Map<String, Integer> java = new LinkedHashMap<>();
        for (BinaryOp op : BinaryOp.values()) {
            java.put(op.name(), CudaOps.binary(op));
        }
        assertThat(java).isEqualTo(cu);
    }

    @Test
    void reduceCodesMatchReduceCu() throws IOException {
        Map<String, Integer> cu = cuEnum("reduce.cu", "ReduceCode", "R_");
        Map<String, Integer> java = new LinkedHashMap<>();
        for (ReduceOp op : ReduceOp.values()) {
            java.put(op.name(), CudaOps.reduce(op));
        }
        assertThat(java).isEqualTo(cu);
    }

    @Test
    void randomCodesMatchRandomCu() throws IOException {
        Map<String, Integer> cu = cuEnum("random.cu", "RandomCode", "RANDOM_");
        Map<String, Integer> java = new LinkedHashMap<>();
        for (Backend.RandomKind k : Backend.RandomKind.values()) {
            java.put(k.name(), CudaOps.random(k));
        }
        assertThat(java).isEqualTo(cu);
    }
}
