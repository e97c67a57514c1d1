package dev.scorch.bench;

import dev.scorch.autograd.Variable;
import dev.scorch.cuda.CudaBackend;
import dev.scorch.data.Mnist;
import dev.scorch.nn.Conv2d;
import dev.scorch.nn.ConvTranspose2d;
import dev.scorch.nn.GroupNorm;
import dev.scorch.nn.Layer;
import dev.scorch.nn.Linear;
import dev.scorch.score.AnnealedLangevin;
import dev.scorch.score.NcsnConfig;
import dev.scorch.score.NcsnTraining;
import dev.scorch.tensor.Backends;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The GPU benchmarks of {@code cuda-kernels/gpu-check.sh}: square SGEMM (n = 4096, 8192), each layer of the NCSN score
 * network (width 32, the padded layout) forward+backward at batch 128, one full NCSN training step (denoising score
 * matching, backward, Adam, EMA) at batch 128 and 512, and annealed Langevin sampling of 1024 images (10 levels of 100
 * steps). Prints one table; given {@code --torch FILE}, the CSV of {@code compare/gpu_check_torch.py} (the same cases
 * in PyTorch) adds its times and the ratio Scorch / PyTorch.
 *
 * <p>A plain program rather than JMH: a GPU machine is lent for minutes, and JMH's forks and warm-ups would not fit.
 * Every case warms up, then times single calls, each ending with a device synchronisation, until a count and a time
 * are both reached, and reports the median (as {@code compare/timing.py} does on the Python side). {@code --smoke}
 * runs every case once at tiny sizes on the CPU, to check the program where there is no GPU.
 */
public final class GpuCheck {
    private static Device device = Device.cuda(0);
    private static boolean smoke;
    /** Waits for the device (nothing on the CPU). */
    private static Runnable sync = () -> { };

    private GpuCheck() {
    }

    /** A measured case: median milliseconds per call, and floating-point operations per call (0 when not counted). */
    record Row(String name, double ms, double flops, String note) {
    }

    public static void main(String[] args) throws IOException {
        Path torch = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--torch") && i + 1 < args.length) {
                torch = Path.of(args[++i]);
            } else if (args[i].equals("--smoke")) {
                smoke = true;
                device = Device.CPU;
            }
        }
        if (!smoke) {
            String why = Backends.unavailableReason(device);
            if (why != null) {
                System.err.println("GpuCheck: " + why);
                System.exit(2);
            }
            CudaBackend backend = (CudaBackend) Backends.forDevice(device);
            sync = backend::synchronize;
            System.out.println("GpuCheck on " + backend.deviceName() + " (" + backend.multiprocessors()
                    + " multiprocessors)");
        }
        List<Row> rows = new ArrayList<>();
        for (int n : smoke ? new int[] {64, 128} : new int[] {4096, 8192}) {
            rows.add(gemm(n));
            print(rows.get(rows.size() - 1));
        }
        for (Row r : layers(smoke ? 2 : 128)) {
            rows.add(r);
            print(r);
        }
        for (int batch : smoke ? new int[] {2, 4} : new int[] {128, 512}) {
            rows.add(trainingStep(batch));
            print(rows.get(rows.size() - 1));
        }
        rows.add(langevin(smoke ? 3 : 1024));
        print(rows.get(rows.size() - 1));
        System.out.println();
        System.out.print(table(rows, torch == null || !Files.isRegularFile(torch) ? Map.of() : readTorch(torch)));
    }

    private static void print(Row r) {
        System.out.printf(Locale.ROOT, "  %-28s %10.3f ms%s%n", r.name(), r.ms(), r.note().isEmpty() ? ""
                : "  (" + r.note() + ")");
    }

    /** Warm-up, then the median of timed calls (each synchronised), at least {@code minReps} and {@code minSeconds}. */
    private static double medianMs(Runnable call, int warmup, int minReps, double minSeconds) {
        if (smoke) {
            warmup = 0;
            minReps = 1;
            minSeconds = 0;
        }
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        sync.run();
        List<Double> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (minSeconds * 1e9);
        while (times.size() < minReps || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            call.run();
            sync.run();
            times.add((System.nanoTime() - t0) / 1e6);
            if (times.size() >= 1000) {
                break;
            }
        }
        double[] t = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return t[t.length / 2];
    }

    static Row gemm(int n) {
        Rng rng = new Rng(1);
        Tensor a = Tensor.randn(rng, DType.F32, n, n).to(device);
        Tensor b = Tensor.randn(rng, DType.F32, n, n).to(device);
        double ms = medianMs(() -> a.matmul(b), 2, 5, 1.0);
        double flops = 2.0 * n * n * n;
        return new Row("gemm n=" + n, ms, flops, String.format(Locale.ROOT, "%.1f TFLOP/s", flops / ms / 1e9));
    }

    /** One layer of the score network: the module and the shape of its input. */
    private record LayerCase(String name, Supplier<Layer> layer, int[] input) {
    }

    /** The eight convolutions, a GroupNorm and a dense projection of the padded score network at width 32. */
    static List<Row> layers(int batch) {
        Rng rng = new Rng(2);
        ConvSpec s1 = ConvSpec.of(1, 1);
        ConvSpec s2 = ConvSpec.of(2, 1);
        List<LayerCase> cases = List.of(
                new LayerCase("conv1", () -> new Conv2d(1, 32, 3, s1, false, rng, DType.F32), new int[] {1, 28, 28}),
                new LayerCase("conv2", () -> new Conv2d(32, 64, 3, s2, false, rng, DType.F32), new int[] {32, 28, 28}),
                new LayerCase("conv3", () -> new Conv2d(64, 128, 3, s2, false, rng, DType.F32), new int[] {64, 14, 14}),
                new LayerCase("conv4", () -> new Conv2d(128, 256, 3, s2, false, rng, DType.F32), new int[] {128, 7, 7}),
                new LayerCase("tconv4", () -> new ConvTranspose2d(256, 128, 3, s2, 0, false, rng, DType.F32),
                        new int[] {256, 4, 4}),
                new LayerCase("tconv3", () -> new ConvTranspose2d(256, 64, 3, s2, 1, false, rng, DType.F32),
                        new int[] {256, 7, 7}),
                new LayerCase("tconv2", () -> new ConvTranspose2d(128, 32, 3, s2, 1, false, rng, DType.F32),
                        new int[] {128, 14, 14}),
                new LayerCase("tconv1", () -> new ConvTranspose2d(64, 1, 3, s1, 0, true, rng, DType.F32),
                        new int[] {64, 28, 28}),
                new LayerCase("gnorm 32x64@14x14", () -> new GroupNorm(32, 64), new int[] {64, 14, 14}),
                new LayerCase("dense 256->64", () -> new Linear(256, 64, true, rng, DType.F32), new int[] {256}));
        List<Row> rows = new ArrayList<>();
        for (LayerCase c : cases) {
            Layer layer = c.layer().get();
            layer.to(device);
            int[] dims = new int[c.input().length + 1];
            dims[0] = batch;
            System.arraycopy(c.input(), 0, dims, 1, c.input().length);
            Variable x = Variable.parameter(Tensor.randn(rng, DType.F32, dims).to(device));
            Tensor g = Tensor.onesLike(layer.forward(x).data());
            double ms = medianMs(() -> {
                Variable y = layer.forward(x);
                y.backward(g);
            }, 3, 10, 0.5);
            rows.add(new Row("layer " + c.name() + " b=" + batch, ms, 0, "forward+backward"));
        }
        return rows;
    }

    /** The NCSN of the tutorial's width (32), as {@code scorch ncsn train} runs it, on the bundled MNIST test split. */
    private static NcsnConfig config(int batch) {
        return new NcsnConfig("mnist", "", 32, 1.0, 0.01, 10, batch, 1e-3, 1_000_000, 0.999, 0, 1_000_000, 64, 100,
                2e-5, true);
    }

    static Row trainingStep(int batch) throws IOException {
        NcsnTraining t = new NcsnTraining(config(batch), smoke ? Mnist.embeddedTest().head(64)
                : Mnist.embeddedTest(), device);
        long[] step = {0};
        double ms = medianMs(() -> {
            step[0]++;
            t.trainUntil(step[0], (s, l) -> {
            });
        }, 3, 10, 2.0);
        return new Row("ncsn step b=" + batch, ms, 0, "DSM loss, backward, Adam, EMA");
    }

    /**
     * Annealed Langevin sampling of {@code n} images, 10 levels of 100 steps: the full run when a step is fast enough
     * for it to take under 30 s, otherwise projected from 20 steps per level (and said so).
     */
    static Row langevin(int n) throws IOException {
        NcsnTraining t = new NcsnTraining(config(128), null, device);
        AnnealedLangevin.Observer quiet = new AnnealedLangevin.Observer() {
        };
        var levels = config(128).noiseLevels();
        Shape shape = Shape.of(n, 1, 28, 28);
        int probeSteps = smoke ? 1 : 20;
        AnnealedLangevin.Options probe = new AnnealedLangevin.Options(probeSteps, 2e-5, false);
        AnnealedLangevin.Options warm = new AnnealedLangevin.Options(smoke ? 1 : 2, 2e-5, false);
        AnnealedLangevin.sample(t.model(), levels, shape, device, new Rng(3), warm, quiet);
        sync.run();
        long t0 = System.nanoTime();
        AnnealedLangevin.sample(t.model(), levels, shape, device, new Rng(3), probe, quiet).sum().item();
        double perStep = (System.nanoTime() - t0) / 1e6 / ((double) probeSteps * levels.count());
        int steps = levels.count() * 100 + 1;
        if (smoke || perStep * steps > 30_000) {
            return new Row("langevin " + n + " images", perStep * steps, 0, "projected from "
                    + probeSteps * levels.count() + " steps");
        }
        long t1 = System.nanoTime();
        AnnealedLangevin.sample(t.model(), levels, shape, device, new Rng(3), AnnealedLangevin.Options.defaults(),
                quiet).sum().item();
        return new Row("langevin " + n + " images", (System.nanoTime() - t1) / 1e6, 0, steps + " network calls");
    }

    /** name → milliseconds from the PyTorch script's CSV ({@code case,ms}). */
    static Map<String, Double> readTorch(Path csv) throws IOException {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (f.length >= 2 && !f[0].equals("case")) {
                try {
                    m.put(f[0].strip(), Double.parseDouble(f[1].strip()));
                } catch (NumberFormatException e) {
                    // a note line of the script; not a case
                }
            }
        }
        return m;
    }

    /** The table: case, Scorch ms, PyTorch ms, Scorch / PyTorch, and TFLOP/s where counted. */
    static String table(List<Row> rows, Map<String, Double> torch) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-28s | %12s | %12s | %8s | %s |%n", "case", "Scorch ms", "PyTorch ms",
                "ratio", "note"));
        sb.append("|").append("-".repeat(30)).append("|").append("-".repeat(14)).append("|").append("-".repeat(14))
                .append("|").append("-".repeat(10)).append("|------|\n");
        for (Row r : rows) {
            Double t = torch.get(r.name());
            String note = r.note();
            if (t != null && r.flops() > 0) {
                note += String.format(Locale.ROOT, "; PyTorch %.1f TFLOP/s", r.flops() / t / 1e9);
            }
            sb.append(String.format(Locale.ROOT, "| %-28s | %12.3f | %12s | %8s | %s |%n", r.name(), r.ms(),
                    t == null ? "-" : String.format(Locale.ROOT, "%.3f", t),
                    t == null ? "-" : String.format(Locale.ROOT, "%.2f", r.ms() / t), note));
        }
        return sb.toString();
    }
}
