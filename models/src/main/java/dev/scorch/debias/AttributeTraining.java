package dev.scorch.debias;

import dev.scorch.autograd.Variable;
import dev.scorch.data.AttributeDataset;
import dev.scorch.data.DataLoader;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.fairness.AveragePrecision;
import dev.scorch.nn.Losses;
import dev.scorch.optim.Adam;
import dev.scorch.optim.LrScheduler;
import dev.scorch.optim.Optimizer;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Trains a binary attribute classifier (a one-logit {@link MnistClassifier}) as the paper trains its target
 * classifiers (Ramaswamy, Kim &amp; Russakovsky, CVPR 2021, arXiv:2012.01469: binary cross-entropy on logits with
 * Adam, a fixed number of epochs, and the epoch whose model has the best average precision on the validation set):
 * <pre>
 *   ℓ = BCEWithLogits(f(x), y),   y = t or g of the example
 *   θ ← Adam(∇ℓ), learning rate on a cosine schedule to 1% over all steps
 *   after each epoch: AP on validation; the model returned is the best epoch's
 * </pre>
 * The paper fine-tunes an ImageNet ResNet-50 at lr 10⁻⁴ for 20 epochs; a small CNN from scratch on 28x28 digits
 * learns in a few epochs at 10⁻³. The paper weights the validation AP of its augmented model by cell; the validation
 * splits here are balanced over the cells already, so the plain AP is the weighted one.
 */
public final class AttributeTraining {
    /** Off only in tests, which compare training with and without the {@link BufferPool}. */
    static volatile boolean poolBuffers = true;

    private AttributeTraining() {
    }

    /** Which attribute a classifier learns. */
    public enum Attribute {
        /** The target attribute t. */
        T,
        /** The protected attribute g. */
        G;

        public boolean[] of(AttributeDataset d) {
            return this == T ? d.t() : d.g();
        }

        /** The labels of a batch from {@link AttributeDataset#byCell()} (cell 2t + g), as F32 0/1. */
        public Tensor labels(Tensor cells) {
            long[] c = cells.toLongArray();
            float[] y = new float[c.length];
            for (int i = 0; i < c.length; i++) {
                y[i] = (this == T ? c[i] >= 2 : c[i] % 2 == 1) ? 1 : 0;
            }
            return Tensor.of(y, y.length);
        }
    }

    /**
     * Settings.
     *
     * @param epochs    passes over the training set
     * @param batchSize examples per step
     * @param lr        Adam's initial learning rate
     * @param width     w of the {@link MnistClassifier}
     * @param seed      initial weights, batch order and dropout
     */
    public record Options(int epochs, int batchSize, double lr, int width, long seed) {
        public Options {
            if (epochs < 1 || batchSize < 1 || !(lr > 0) || width < 1) {
                throw new IllegalArgumentException("AttributeTraining: epochs, batch size, lr and width must be "
                        + "positive, got " + epochs + ", " + batchSize + ", " + lr + ", " + width);
            }
        }

        public Options withSeed(long s) {
            return new Options(epochs, batchSize, lr, width, s);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epochs", epochs);
            m.put("batchSize", batchSize);
            m.put("lr", lr);
            m.put("width", width);
            m.put("seed", seed);
            return m;
        }
    }

    /**
     * A trained classifier.
     *
     * @param model        the best epoch's weights, in eval mode
     * @param bestEpoch    that epoch, from 1
     * @param validationAp the validation AP after each epoch
     * @param seconds      wall time of the training
     */
    public record Result(MnistClassifier model, int bestEpoch, double[] validationAp, double seconds) {
        public double bestValidationAp() {
            return validationAp[bestEpoch - 1];
        }
    }

    /** Progress of one training: every step, and every epoch's validation AP. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void started(String what, long totalSteps) {
        }

        default void step(long step, double loss) {
        }

        default void epoch(int epoch, double validationAp) {
        }

        default void finished() {
        }
    }

    /** A fresh classifier for images with {@code channels} channels, from {@code seed}. */
    public static MnistClassifier newClassifier(int channels, Options o) {
        return new MnistClassifier(channels, 1, o.width(), new Rng(o.seed()).split(0));
    }

    /** Trains a classifier of {@code attribute} on {@code train}, choosing the epoch by AP on {@code validation}. */
    public static Result train(String what, AttributeDataset train, AttributeDataset validation, Attribute attribute,
                               Options o, Progress progress) {
        MnistClassifier model = newClassifier(train.channels(), o);
        Adam adam = new Adam(model.parameters(), o.lr());
        return loop(what, model, List.of(adam), train, validation, attribute, o, progress, b -> {
            Variable logits = model.forward(Variable.constant(b.images())).reshape(b.images().dim(0));
            Variable loss = Losses.bceWithLogits(logits, Variable.constant(attribute.labels(b.labels())));
            adam.zeroGrad();
            loss.backward();
            adam.step();
            return loss.item();
        });
    }

    /**
     * The loop every training here shares: {@code epochs} passes of seeded batches, each handed to {@code step},
     * the optimisers' learning rates on the cosine schedule, the validation AP of {@code attribute} after each epoch,
     * and the best epoch's weights restored at the end.
     */
    static Result loop(String what, MnistClassifier model, List<Optimizer> optimisers, AttributeDataset train,
                       AttributeDataset validation, Attribute attribute, Options o, Progress progress,
                       ToDoubleFunction<DataLoader.Batch> step) {
        long t0 = System.nanoTime();
        DataLoader loader = new DataLoader(train.byCell(), o.batchSize(), true, true, new Rng(o.seed()).split(1).seed(),
                List.of());
        long total = (long) o.epochs() * loader.batchesPerEpoch();
        List<LrScheduler> schedules = optimisers.stream()
                .map(opt -> new LrScheduler(opt, LrScheduler.cosine(total, 0.01))).toList();
        double[] ap = new double[o.epochs()];
        Map<String, Tensor> best = null;
        int bestEpoch = 0;
        long k = 0;
        BufferPool buffers = new BufferPool();
        progress.started(what, total);
        for (int e = 0; e < o.epochs(); e++) {
            model.train();
            for (DataLoader.Batch b : loader.epoch(e)) {
                double loss;
                // The step's buffers go back to the pool for the next step; gradients and the optimisers' state are
                // kept (setGrad and accumulateGrad keep theirs, Optimizer.step suspends the scope).
                try (BufferPool.Scope scope = poolBuffers ? buffers.open() : null) {
                    loss = step.applyAsDouble(b);
                }
                schedules.forEach(LrScheduler::step);
                progress.step(++k, loss);
            }
            double[] scores = AttributeClassifier.scores(model, validation.images());
            ap[e] = AveragePrecision.of(scores, attribute.of(validation));
            progress.epoch(e + 1, ap[e]);
            if (best == null || ap[e] > ap[bestEpoch - 1]) {
                best = copy(model.stateDict());
                bestEpoch = e + 1;
            }
        }
        model.loadStateDict(best, true);
        model.eval();
        progress.finished();
        return new Result(model, bestEpoch, ap, (System.nanoTime() - t0) / 1e9);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> live) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        live.forEach((name, t) -> out.put(name, t.copy()));
        return out;
    }
}
