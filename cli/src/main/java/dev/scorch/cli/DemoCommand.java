package dev.scorch.cli;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.score.NcsnConfig;
import dev.scorch.score.NcsnScoreNet;
import dev.scorch.score.ScoreUNet;
import dev.scorch.tensor.Device;
import dev.scorch.train.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code scorch demo}: the first thing to run. Trains a small noise-conditional score network on the bundled MNIST
 * test split for a few minutes, samples 64 digits with annealed Langevin dynamics, scores them with the bundled
 * classifier and writes everything to {@code runs/demo-<time>/}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Train a small NCSN on the bundled MNIST for a few minutes, sample 64 digits, write pictures.")
final class DemoCommand implements Callable<Integer> {
    /** Steps, width and sampling sized to finish in under ten minutes on two cores. */
    static final int STEPS = 3000;
    static final int WIDTH = 16;
    static final int BATCH = 64;

    @Mixin
    Threads threads = new Threads();

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--steps", paramLabel = "N", description = "training steps (default " + STEPS + ")")
    long steps = STEPS;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--langevin-steps", defaultValue = "100", paramLabel = "T",
            description = "Langevin steps per noise level (default ${DEFAULT-VALUE})")
    int langevinSteps;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default runs/demo-<time>)")
    Path out;

    // Hidden: for smoke tests that must finish in seconds. Users get the sizes above.
    @Option(names = "--width", hidden = true)
    int width = WIDTH;

    @Option(names = "--batch", hidden = true)
    int batch = BATCH;

    @Option(names = "--samples", hidden = true)
    int samples = 64;

    @Override
    public Integer call() throws IOException {
        threads.apply();
        Device target = device.resolve(System.err);
        Check.positive("--steps", steps);
        Check.positive("--langevin-steps", langevinSteps);
        ScoreUNet.checkWidth(width, NcsnScoreNet.LAYOUT, "--width");
        Check.positive("--batch", batch);
        Check.positive("--samples", samples);
        if (out != null) {
            RunFolder.checkNew(out);
        }
        ImageDataset data = Mnist.embeddedTest();
        Check.batchFits("--batch", batch, data.size(), data.name());
        NcsnConfig config = new NcsnConfig("mnist", "", width, 1.0, 0.01, 10, batch, 1e-3, steps, 0.999, seed,
                Math.max(1, Math.min(500, steps)), samples, langevinSteps, 2e-5, true);
        RunFolder folder = out != null ? RunFolder.at(out) : RunFolder.create(Path.of("runs"), "demo");
        System.out.println("Scorch demo: NCSN on the bundled MNIST test split (10,000 images; CC BY-SA 3.0, see README)");
        NcsnCommand.execute(folder, config, data, data, Mnist.Kind.MNIST, null, target);
        return 0;
    }
}
