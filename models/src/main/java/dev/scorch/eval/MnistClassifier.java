package dev.scorch.eval;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.BatchNorm2d;
import dev.scorch.nn.Conv2d;
import dev.scorch.nn.Dropout;
import dev.scorch.nn.Functional;
import dev.scorch.nn.Linear;
import dev.scorch.nn.Module;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Rng;

import java.nio.file.Path;

/**
 * A small CNN for 28x28 images, used to score generated samples (classifier-FID, confidence, class histogram) and, with
 * one output, as an attribute classifier:
 * <pre>
 *   3 x [conv 3x3 pad 1 → BatchNorm → ReLU → max-pool 2]   c → w → 2w → 4w channels, 28 → 14 → 7 → 3
 *   flatten (36w) → Linear 128 → ReLU   (the features FID uses) → dropout 0.3 → Linear k
 * </pre>
 * with c = 1 (grey) or 3 (RGB) input channels, width w and k classes (k logits; one logit for a binary attribute). The
 * scoring classifier is c = 1, w = 32, k = 10, trained by {@code scorch classifier train}; its weights for MNIST and
 * Fashion-MNIST ship with Scorch.
 */
public final class MnistClassifier extends Module {
    /** Size of the penultimate features. */
    public static final int FEATURES = 128;

    private final int channels;
    private final int classes;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;
    private final Linear fc1;
    private final Dropout drop;
    private final Linear fc2;

    /** The ten-class classifier of grey images (c = 1, w = 32, k = 10). */
    public MnistClassifier(Rng rng) {
        this(1, 10, 32, rng);
    }

    /**
     * @param channels c, the input channels (1 or 3)
     * @param classes  k, the number of logits
     * @param width    w, the channels of the first convolution (32 for the scoring classifier)
     */
    public MnistClassifier(int channels, int classes, int width, Rng rng) {
        if (channels < 1 || classes < 1 || width < 1) {
            throw new IllegalArgumentException("MnistClassifier: channels, classes and width must be positive, got "
                    + channels + ", " + classes + ", " + width);
        }
        this.channels = channels;
        this.classes = classes;
        ConvSpec same = ConvSpec.of(1, 1);
        conv1 = registerModule("conv1", new Conv2d(channels, width, 3, same, true, rng, DType.F32));
        bn1 = registerModule("bn1", new BatchNorm2d(width));
        conv2 = registerModule("conv2", new Conv2d(width, 2 * width, 3, same, true, rng, DType.F32));
        bn2 = registerModule("bn2", new BatchNorm2d(2 * width));
        conv3 = registerModule("conv3", new Conv2d(2 * width, 4 * width, 3, same, true, rng, DType.F32));
        bn3 = registerModule("bn3", new BatchNorm2d(4 * width));
        fc1 = registerModule("fc1", new Linear(4 * width * 3 * 3, FEATURES, true, rng, DType.F32));
        drop = registerModule("drop", new Dropout(0.3, rng.split(7)));
        fc2 = registerModule("fc2", new Linear(FEATURES, classes, true, rng, DType.F32));
    }

    /** c, the input channels. */
    public int channels() {
        return channels;
    }

    /** k, the number of logits. */
    public int classes() {
        return classes;
    }

    /**
     * The classifier trained on {@code kind} that ships with Scorch (written by {@code scorch classifier train}), in
     * eval mode.
     */
    public static MnistClassifier pretrained(dev.scorch.data.Mnist.Kind kind) throws java.io.IOException {
        String name = "/dev/scorch/eval/classifier-" + kind.id() + ".safetensors";
        java.net.URL url = MnistClassifier.class.getResource(name);
        if (url == null) {
            throw new java.io.IOException("no bundled classifier " + name + "; train one with 'scorch classifier train "
                    + "--data " + kind.id() + "'");
        }
        MnistClassifier m = new MnistClassifier(new Rng(0));
        try (java.io.InputStream in = url.openStream()) {
            Path tmp = java.nio.file.Files.createTempFile("scorch-classifier", ".safetensors");
            try {
                java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                m.load(tmp, true);
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
        }
        m.eval();
        return m;
    }

    /** Penultimate features {@code [B, 128]} of images {@code [B, c, 28, 28]} in [0, 1]. */
    public Variable features(Variable x) {
        if (x.rank() != 4 || x.dim(1) != channels || x.dim(2) != 28 || x.dim(3) != 28) {
            throw new IllegalArgumentException("MnistClassifier: expected images [B, " + channels + ", 28, 28], got "
                    + x.shape());
        }
        Pool2dSpec pool = Pool2dSpec.of(2);
        Variable h = Functional.maxPool2d(bn1.forward(conv1.forward(x)).relu(), pool);
        h = Functional.maxPool2d(bn2.forward(conv2.forward(h)).relu(), pool);
        h = Functional.maxPool2d(bn3.forward(conv3.forward(h)).relu(), pool);
        return fc1.forward(h.reshape(h.dim(0), -1)).relu();
    }

    /** Class logits {@code [B, k]}. */
    public Variable forward(Variable x) {
        return fc2.forward(drop.forward(features(x)));
    }
}
