package dev.scorch.bench;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Npy;
import dev.scorch.tensor.io.Safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes known tensors as .npy and .safetensors files for {@code benchmarks/compare/check_io.py}, which reads them with
 * NumPy and PyTorch and compares every element bit for bit.
 *
 * <p>The values are plain formulas (ramps in float32/float64 arithmetic, integer edge cases, IEEE special values) that
 * check_io.py recomputes on its own, so that the check does not trust anything Scorch writes. Several tensors are
 * views (transposed, stepped, expanded) to check that the writers serialize the elements, not the storage.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.scorch.bench.IoCrossCheck <dir>} (or run {@code benchmarks/compare/check_io.sh}).
 */
public final class IoCrossCheck {
    /** Larger than the 1 MiB transfer buffer of the writers, so that the data crosses a chunk boundary. */
    static final int BIG = 300_000;

    private IoCrossCheck() {
    }

    /** The tensors, by name; check_io.py holds the same list. */
    static Map<String, Tensor> tensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        float[] ramp32 = new float[12];
        for (int i = 0; i < ramp32.length; i++) {
            ramp32[i] = (i - 5f) / 7f;
        }
        t.put("ramp_f32", Tensor.of(ramp32, 3, 4));
        double[] ramp64 = new double[12];
        for (int i = 0; i < ramp64.length; i++) {
            ramp64[i] = (i - 5.5) / 3.0;
        }
        t.put("ramp_f64", Tensor.of(ramp64, 2, 3, 2));
        t.put("specials_f32", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.MIN_NORMAL, 1f / 3f}, 8));
        t.put("specials_f64", Tensor.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE}, 6));
        t.put("ints_i64", Tensor.of(new long[] {Long.MIN_VALUE, -1, 0, (1L << 40) + 3, Long.MAX_VALUE}, 5));
        boolean[] mask = new boolean[6];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i % 3 == 0;
        }
        t.put("mask_bool", Tensor.of(mask, 2, 3));
        t.put("scalar_f32", Tensor.of(new float[] {-1.5f}));
        t.put("scalar_i64", Tensor.of(new long[] {-(1L << 62)}));
        t.put("scalar_bool", Tensor.of(new boolean[] {true}));
        t.put("empty_f32", Tensor.zeros(DType.F32, 0, 3));
        t.put("empty_i64", Tensor.zeros(DType.I64, 2, 0));
        t.put("transposed_f64", Tensor.arange(0, 12, 1, DType.F64).reshape(3, 4).t());
        t.put("stepped_i64", Tensor.arange(10).slice(0, 0, 10, 3));
        t.put("expanded_f32", Tensor.of(new float[] {1.5f, 2.5f, 3.5f}, 1, 3).expand(2, 3));
        float[] big = new float[BIG];
        for (int i = 0; i < BIG; i++) {
            big[i] = (i % 1000 - 500) / 8f;
        }
        t.put("big_f32", Tensor.of(big, BIG));
        return t;
    }

    /** The metadata of all.safetensors: characters that need JSON escaping, and non-ASCII text. */
    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("producer", "scorch IoCrossCheck");
        m.put("note", "caf\u00e9 \u2713 \"quoted\" back\\slash tab\t newline\n end");
        return m;
    }

    /**
     * Writes {@code <name>.npy} for every tensor, all of them into {@code all.safetensors} with metadata,
     * {@code scalar.safetensors} with one rank-0 tensor, and {@code empty.safetensors} with none.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: IoCrossCheck <output directory>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = tensors();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Npy.write(dir.resolve(e.getKey() + ".npy"), e.getValue());
        }
        Safetensors.write(dir.resolve("all.safetensors"), tensors, metadata());
        Safetensors.write(dir.resolve("scalar.safetensors"), Map.of("scalar_f32", tensors.get("scalar_f32")));
        Safetensors.write(dir.resolve("empty.safetensors"), Map.of());
        System.out.println("IoCrossCheck: wrote " + tensors.size() + " .npy files and 3 .safetensors files to " + dir);
    }
}
