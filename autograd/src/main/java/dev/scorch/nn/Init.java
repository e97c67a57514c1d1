package dev.scorch.nn;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * Weight initialisations, with PyTorch's defaults for each layer.
 *
 * <p>Layers built without an explicit {@link Rng} draw from a global generator, as PyTorch's layers draw from its
 * global one; {@link #manualSeed} resets it. Fan-in and fan-out follow {@code torch.nn.init._calculate_fan_in_and_fan_out}:
 * for a weight {@code [d0, d1, k...]}, fan_in = d1·Πk and fan_out = d0·Πk.
 */
public final class Init {
    private static Rng global = new Rng(0);

    private Init() {
    }

    /** Reseeds the global generator, as {@code torch.manual_seed}. */
    public static synchronized void manualSeed(long seed) {
        global = new Rng(seed);
    }

    /** The global generator. */
    public static synchronized Rng globalRng() {
        return global;
    }

    /** fan_in of a weight shape. */
    public static int fanIn(Shape s) {
        if (s.rank() < 2) {
            throw new IllegalArgumentException("fanIn: needs a weight of rank >= 2, got " + s);
        }
        return s.dim(1) * receptive(s);
    }

    /** fan_out of a weight shape. */
    public static int fanOut(Shape s) {
        if (s.rank() < 2) {
            throw new IllegalArgumentException("fanOut: needs a weight of rank >= 2, got " + s);
        }
        return s.dim(0) * receptive(s);
    }

    private static int receptive(Shape s) {
        int r = 1;
        for (int i = 2; i < s.rank(); i++) {
            r *= s.dim(i);
        }
        return r;
    }

    /** U(low, high). */
    public static Tensor uniform(Rng rng, Shape s, double low, double high, DType dtype) {
        return Tensor.uniform(rng, low, high, s, dtype, Device.CPU);
    }

    /** N(mean, std²). */
    public static Tensor normal(Rng rng, Shape s, double mean, double std, DType dtype) {
        return Tensor.normal(rng, mean, std, s, dtype, Device.CPU);
    }

    /**
     * PyTorch's default for Linear and Conv weights: kaiming_uniform with a = √5, i.e. U(−b, b) with b = 1/√fan_in.
     */
    public static Tensor defaultWeight(Rng rng, Shape s, DType dtype) {
        double bound = 1.0 / Math.sqrt(fanIn(s));
        return uniform(rng, s, -bound, bound, dtype);
    }

    /** PyTorch's default bias: U(−1/√fan_in, 1/√fan_in) with the fan_in of the layer's weight. */
    public static Tensor defaultBias(Rng rng, int size, int fanIn, DType dtype) {
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0;
        return uniform(rng, Shape.of(size), -bound, bound, dtype);
    }

    /**
     * Kaiming (He) uniform: U(−b, b), b = gain·√(3 / fan_in), gain = √(2 / (1 + a²)) for leaky ReLU slope a (He et al.,
     * "Delving deep into rectifiers", ICCV 2015, eq. 10).
     */
    public static Tensor kaimingUniform(Rng rng, Shape s, double a, DType dtype) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double bound = gain * Math.sqrt(3.0 / fanIn(s));
        return uniform(rng, s, -bound, bound, dtype);
    }

    /** Kaiming normal: N(0, (gain / √fan_in)²). */
    public static Tensor kaimingNormal(Rng rng, Shape s, double a, DType dtype) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        return normal(rng, s, 0, gain / Math.sqrt(fanIn(s)), dtype);
    }

    /**
     * Xavier (Glorot) uniform: U(−b, b), b = gain·√(6 / (fan_in + fan_out)) (Glorot &amp; Bengio, AISTATS 2010, eq. 16).
     */
    public static Tensor xavierUniform(Rng rng, Shape s, double gain, DType dtype) {
        double bound = gain * Math.sqrt(6.0 / (fanIn(s) + fanOut(s)));
        return uniform(rng, s, -bound, bound, dtype);
    }

    /** Xavier normal: N(0, gain²·2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Rng rng, Shape s, double gain, DType dtype) {
        return normal(rng, s, 0, gain * Math.sqrt(2.0 / (fanIn(s) + fanOut(s))), dtype);
    }

    /** DCGAN's N(0, 0.02²) (Radford, Metz &amp; Chintala, ICLR 2016, section 4). */
    public static Tensor dcgan(Rng rng, Shape s, DType dtype) {
        return normal(rng, s, 0, 0.02, dtype);
    }
}
