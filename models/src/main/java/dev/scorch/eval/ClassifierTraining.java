package dev.scorch.eval;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.data.DataLoader;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.RandomAffine;
import dev.scorch.data.Transform;
import dev.scorch.nn.Losses;
import dev.scorch.optim.Adam;
import dev.scorch.optim.LrScheduler;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;

import java.util.List;

/**
 * Trains {@link MnistClassifier} with cross-entropy, Adam and a cosine learning-rate schedule, optionally with small
 * random affine augmentation, and measures test accuracy.
 */
public final class ClassifierTraining {
    /** Off only in tests, which compare training with and without the {@link BufferPool}. */
    static volatile boolean poolBuffers = true;

    private ClassifierTraining() {
    }

    /** Settings; the defaults reach 99% on MNIST and 91% on Fashion-MNIST. */
    public record Options(int epochs, int batchSize, double lr, long seed, boolean augment) {
        public Options {
            if (epochs < 1 || batchSize < 1 || !(lr > 0)) {
                throw new IllegalArgumentException("ClassifierTraining: epochs, batch size and lr must be positive");
            }
        }
    }

    /** Progress callback: step, total steps, loss of the step. */
    @FunctionalInterface
    public interface Progress {
        void step(long step, long total, double loss);
    }

    /** Trains a fresh classifier on {@code train}. */
    public static MnistClassifier train(ImageDataset train, Options opt, Progress progress) {
        Rng rng = new Rng(opt.seed());
        MnistClassifier model = new MnistClassifier(rng.split(0));
        List<Transform> aug = opt.augment() ? List.of(new RandomAffine(10, 0.08, 0.9, 1.1)) : List.of();
        DataLoader loader = new DataLoader(train, opt.batchSize(), true, true, opt.seed(), aug);
        long total = (long) opt.epochs() * loader.batchesPerEpoch();
        Adam adam = new Adam(model.parameters(), opt.lr());
        LrScheduler schedule = new LrScheduler(adam, LrScheduler.cosine(total, 0.01));
        BufferPool buffers = new BufferPool();
        model.train();
        for (long step = 0; step < total; step++) {
            DataLoader.Batch b = loader.batch(step);
            double loss;
            // The step's buffers go back to the pool for the next step; the gradients and Adam's moments are kept.
            try (BufferPool.Scope scope = poolBuffers ? buffers.open() : null) {
                Variable l = Losses.crossEntropy(model.forward(Variable.constant(b.images())), b.labels());
                adam.zeroGrad();
                l.backward();
                adam.step();
                loss = l.item();
            }
            schedule.step();
            progress.step(step + 1, total, loss);
        }
        model.eval();
        return model;
    }

    /** Fraction of {@code data} classified correctly (the model is put in eval mode). */
    public static double accuracy(MnistClassifier model, ImageDataset data) {
        model.eval();
        long correct = 0;
        int batch = 500;
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int s = 0; s < data.size(); s += batch) {
                int n = Math.min(batch, data.size() - s);
                Tensor logits = model.forward(Variable.constant(data.images().narrow(0, s, n))).data();
                Tensor pred = logits.argmax(1, false);
                correct += (long) pred.eq(data.labels().narrow(0, s, n)).sum().item();
            }
        }
        return (double) correct / data.size();
    }
}
