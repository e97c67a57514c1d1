package dev.scorch.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed PTX, without a GPU: every module is there and targets compute_75; the kernels it defines are exactly
 * the ones the Java side launches ({@link KernelNames#all()}); and it is current, in that the hash recorded beside it
 * is the hash of today's {@code src/main/cuda} (build-ptx.sh's recipe, recomputed here). check-ptx.sh, where nvcc
 * exists, checks the PTX bytes themselves.
 */
class PtxResourcesTest {
    private static final Path SOURCES = Path.of("src/main/cuda");

    @Test
    void everyModuleIsThereAndTargetsCompute75() {
        for (String m : Ptx.MODULES) {
            String ptx = Ptx.text(m);
            assertThat(ptx).as(m).contains(".target sm_75").contains(".address_size 64");
            assertThat(Ptx.entries(ptx)).as(m).isNotEmpty();
            assertThat(Ptx.loadable(m)[Ptx.loadable(m).length - 1]).as("NUL-terminated").isZero();
        }
    }

    @Test
    void theEntriesAreExactlyTheKernelsTheJavaSideLaunches() {
        List<String> defined = new ArrayList<>();
        for (String m : Ptx.MODULES) {
            defined.addAll(Ptx.entries(Ptx.text(m)));
        }
        assertThat(defined).as("no kernel defined twice").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(defined)).isEqualTo(new TreeSet<>(KernelNames.all()));
    }

    @Test
    void everyCudaSourceHasItsModule() throws IOException {
        Set<String> cu = new TreeSet<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .forEach(n -> cu.add(n.substring(0, n.length() - 3)));
        }
        assertThat(cu).isEqualTo(new TreeSet<>(Ptx.MODULES));
    }

    @Test
    void thePtxIsCurrentWithTheSources() throws Exception {
        List<String> lines = Files.readAllLines(resourceFolder().resolve(Ptx.HASH_FILE));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("sha256 ");
        assertThat(lines.get(1)).startsWith("flags ").contains("-arch=compute_75").doesNotContain("fast_math");
        String recorded = lines.get(0).substring("sha256 ".length());
        String flags = lines.get(1).substring("flags ".length());
        assertThat(sourcesHash(flags)).as("the CUDA sources changed since the PTX was built: run "
                + "cuda-kernels/build-ptx.sh and commit the PTX").isEqualTo(recorded);
    }

    private static Path resourceFolder() {
        return Path.of("src/main/resources" + Ptx.FOLDER);
    }

    /** sources-hash.sh's digest: "file NAME\n" and the bytes of each source in name order, then "flags FLAGS\n". */
    static String sourcesHash(String flags) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            files.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        for (String n : names) {
            sha.update(("file " + n + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(SOURCES.resolve(n)));
        }
        sha.update(("flags " + flags + "\n").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }
}
