package dev.scorch.tensor.io;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: exact tensor comparison, seeded random tensors of every dtype, and the fixture files. */
final class TensorFiles {
    private TensorFiles() {
    }

    /**
     * Asserts dtype, shape and every element's bits (so NaN payloads and -0.0 count), and that a tensor read from a
     * file is a contiguous CPU tensor.
     */
    static void assertSameTensor(Tensor actual, Tensor expected) {
        assertThat(actual.dtype()).as("dtype").isEqualTo(expected.dtype());
        assertThat(actual.shape()).as("shape").isEqualTo(expected.shape());
        assertThat(actual.device()).as("device").isEqualTo(Device.CPU);
        assertThat(actual.isContiguous()).as("contiguous").isTrue();
        // isEqualTo compares arrays with Arrays.equals; containsExactly would diff them in quadratic time.
        assertThat(bits(actual)).as("element bits").isEqualTo(bits(expected));
    }

    /** The elements in row-major order as raw bits. */
    static long[] bits(Tensor t) {
        long[] out = new long[t.numel()];
        switch (t.dtype()) {
            case F32 -> {
                float[] f = t.toFloatArray();
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.floatToRawIntBits(f[i]);
                }
            }
            case F64 -> {
                double[] d = t.toDoubleArray();
                for (int i = 0; i < out.length; i++) {
                    out[i] = Double.doubleToRawLongBits(d[i]);
                }
            }
            case I64 -> out = t.toLongArray();
            case BOOL -> {
                boolean[] b = t.toBooleanArray();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b[i] ? 1 : 0;
                }
            }
        }
        return out;
    }

    /** A tensor of random bit patterns: every float class (NaN payloads, infinities, subnormals, -0.0) can occur. */
    static Tensor randomTensor(Random random, DType dtype, int... dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return switch (dtype) {
            case F32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Float.intBitsToFloat(random.nextInt());
                }
                yield Tensor.of(a, dims);
            }
            case F64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Double.longBitsToDouble(random.nextLong());
                }
                yield Tensor.of(a, dims);
            }
            case I64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextLong();
                }
                yield Tensor.of(a, dims);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = random.nextBoolean();
                }
                yield Tensor.of(a, dims);
            }
        };
    }

    /** Random dimensions of the given rank, each 0 to 4, with zero-size axes made rarer than the rest. */
    static int[] randomDims(Random random, int rank) {
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(4);
        }
        return dims;
    }

    /**
     * Copies a fixture from src/test/resources/io into {@code dir}; the fixtures are written by
     * {@code /usr/bin/python3 benchmarks/compare/make_io_fixtures.py} (NumPy 1.24, PyTorch 1.13).
     */
    static Path fixture(Path dir, String name) {
        try (InputStream in = TensorFiles.class.getResourceAsStream("/io/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files in {@code dir} whose names start with '.', where atomic writes keep their temporary files. */
    static long hiddenFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }
}
