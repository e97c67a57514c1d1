package dev.scorch.data;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RandomAffineTest {
    /** Rotations by π in float32 leave sin(π) ≈ −8.7e−8 and similar residues: far below one grey level. */
    private static final double ROTATION_TOL = 1e-5;

    private static Tensor randomImages(long seed, DType dtype, int... dims) {
        return Tensor.rand(new Rng(seed), dtype, dims);
    }

    /** One channel of one image of an [N, C, H, W] array. */
    private static float px(float[] a, int c, int h, int w, int i, int ch, int y, int x) {
        return a[((i * c + ch) * h + y) * w + x];
    }

    // ------------------------------------------------------------------ identity, shape, dtype

    @Test
    void identityParametersReturnTheInputExactly() {
        Tensor x = randomImages(1, DType.F32, 3, 2, 5, 7);
        Tensor y = new RandomAffine(0, 0, 1, 1).apply(x, new Rng(9));

        assertThat(y.shape()).isEqualTo(x.shape());
        assertThat(y.dtype()).isEqualTo(DType.F32);
        assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void keepsShapeAndDtypeAndLeavesTheInputAlone() {
        Tensor x = randomImages(2, DType.F64, 4, 3, 6, 6);
        double[] before = x.toDoubleArray();

        Tensor y = new RandomAffine(15, 0.1, 0.8, 1.2).apply(x, new Rng(3));

        assertThat(y.shape()).isEqualTo(x.shape());
        assertThat(y.dtype()).isEqualTo(DType.F64);
        assertThat(x.toDoubleArray()).containsExactly(before);
        // identity on F64 goes through float32: the values come back rounded to float
        double[] id = new RandomAffine(0, 0, 1, 1).apply(x, new Rng(3)).toDoubleArray();
        for (int i = 0; i < before.length; i++) {
            assertThat(id[i]).isEqualTo((double) (float) before[i]);
        }
    }

    @Test
    void nonContiguousInputIsReadInLogicalOrder() {
        Tensor base = randomImages(4, DType.F32, 2, 1, 5, 6);
        Tensor transposed = base.transpose(2, 3);
        Tensor y = new RandomAffine(0, 0, 1, 1).apply(transposed, new Rng(0));

        assertThat(y.shape().toString()).isEqualTo("[2, 1, 6, 5]");
        assertThat(y.toFloatArray()).containsExactly(transposed.contiguous().toFloatArray());
    }

    // ------------------------------------------------------------------ chosen maps

    @Test
    void translationByWholePixelsShiftsTheImage() {
        // translate 0.25 of 8 pixels = up to ±2; uniforms 0.75 and 0.25 give tx = (2·0.75 − 1)·2 = +1, ty = −1
        int n = 1;
        int c = 2;
        int s = 8;
        Tensor x = randomImages(5, DType.F32, n, c, s, s);
        float[] in = x.toFloatArray();

        float[] out = new RandomAffine(0, 0.25, 1, 1).apply(x, new float[] {0.5f, 0.5f, 0.75f, 0.25f})
                .toFloatArray();

        // output (x, y) is input (x − tx, y − ty) = (x − 1, y + 1), zero where that falls outside
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < s; y++) {
                for (int xx = 0; xx < s; xx++) {
                    boolean inside = xx - 1 >= 0 && y + 1 < s;
                    float want = inside ? px(in, c, s, s, 0, ch, y + 1, xx - 1) : 0f;
                    assertThat(px(out, c, s, s, 0, ch, y, xx)).as("channel %d at (%d, %d)", ch, xx, y)
                            .isEqualTo(want);
                }
            }
        }
    }

    @Test
    void halfPixelShiftAveragesNeighbours() {
        // uniform 0.875 gives tx = 0.75·0.25·8 = 1.5, and 0.5 gives ty = 0: bilinear weights 1/2 and 1/2
        int s = 8;
        Tensor x = randomImages(6, DType.F32, 1, 1, s, s);
        float[] in = x.toFloatArray();

        float[] out = new RandomAffine(0, 0.25, 1, 1).apply(x, new float[] {0.3f, 0.7f, 0.875f, 0.5f})
                .toFloatArray();

        for (int y = 0; y < s; y++) {
            assertThat(out[y * s]).isZero();
            assertThat(out[y * s + 1]).isEqualTo(0.5f * in[y * s]);
            for (int xx = 2; xx < s; xx++) {
                assertThat(out[y * s + xx]).isCloseTo(0.5f * (in[y * s + xx - 2] + in[y * s + xx - 1]),
                        within(1e-7f));
            }
        }
    }

    @Test
    void eachImageGetsItsOwnParameters() {
        Tensor one = randomImages(7, DType.F32, 1, 1, 8, 8);
        Tensor x = Tensor.cat(0, one, one);
        // image 0 stays, image 1 moves right by one pixel
        float[] out = new RandomAffine(0, 0.25, 1, 1)
                .apply(x, new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.75f, 0.5f}).toFloatArray();
        float[] in = one.toFloatArray();

        for (int i = 0; i < 64; i++) {
            assertThat(out[i]).isEqualTo(in[i]);
            assertThat(out[64 + i]).isEqualTo(i % 8 == 0 ? 0f : in[i - 1]);
        }
    }

    @Test
    void halfTurnAboutTheCentreReversesBothAxes() {
        // degrees 180 and uniform 1 give an angle of +180°; the centre of a 5x6 image is (2.5, 2)
        int h = 5;
        int w = 6;
        Tensor x = randomImages(8, DType.F32, 1, 1, h, w);
        float[] in = x.toFloatArray();

        float[] out = new RandomAffine(180, 0, 1, 1).apply(x, new float[] {1f, 0f, 0.5f, 0.5f}).toFloatArray();

        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                assertThat((double) out[y * w + xx]).as("(%d, %d)", xx, y)
                        .isCloseTo(in[(h - 1 - y) * w + (w - 1 - xx)], within(ROTATION_TOL));
            }
        }
    }

    @Test
    void positiveQuarterTurnIsClockwiseOnScreen() {
        // with y pointing down, a positive angle turns the picture clockwise (as torchvision's F.affine):
        // the top-left corner goes to the top-right, out[r][c] = in[s − 1 − c][r]
        int s = 5;
        Tensor x = randomImages(9, DType.F32, 1, 1, s, s);
        float[] in = x.toFloatArray();

        float[] out = new RandomAffine(90, 0, 1, 1).apply(x, new float[] {1f, 0f, 0.5f, 0.5f}).toFloatArray();

        for (int r = 0; r < s; r++) {
            for (int col = 0; col < s; col++) {
                assertThat((double) out[r * s + col]).as("(%d, %d)", col, r)
                        .isCloseTo(in[(s - 1 - col) * s + r], within(ROTATION_TOL));
            }
        }
    }

    @Test
    void scaleTwoMagnifiesAboutTheCentre() {
        // 5x5, centre (2, 2): output (x, y) samples input (2 + (x − 2)/2, 2 + (y − 2)/2)
        int s = 5;
        Tensor x = randomImages(10, DType.F32, 1, 1, s, s);
        float[] in = x.toFloatArray();

        float[] out = new RandomAffine(0, 0, 2, 2).apply(x, new float[] {0.5f, 0.5f, 0.5f, 0.5f}).toFloatArray();

        assertThat(out[2 * s + 2]).isEqualTo(in[2 * s + 2]);
        assertThat(out[2 * s + 4]).isEqualTo(in[2 * s + 3]);
        assertThat(out[0]).isEqualTo(in[s + 1]);
        assertThat(out[2 * s + 3]).isCloseTo(0.5f * (in[2 * s + 2] + in[2 * s + 3]), within(1e-7f));
    }

    // ------------------------------------------------------------------ randomness

    @Test
    void sameGeneratorStateGivesTheSameBatch() {
        Tensor x = randomImages(11, DType.F32, 3, 1, 8, 8);
        RandomAffine t = new RandomAffine(20, 0.2, 0.7, 1.3);
        Rng rng = new Rng(5);

        float[] a = t.apply(x, new Rng(5)).toFloatArray();
        float[] b = t.apply(x, rng).toFloatArray();

        assertThat(b).containsExactly(a);
        // four uniforms per image
        assertThat(rng.offset()).isEqualTo(12);
        assertThat(t.apply(x, rng).toFloatArray()).isNotEqualTo(a);
        assertThat(t.apply(x, new Rng(6)).toFloatArray()).isNotEqualTo(a);
    }

    @Test
    void randomDrawMatchesTheExplicitParameters() {
        Tensor x = randomImages(12, DType.F32, 2, 1, 8, 8);
        RandomAffine t = new RandomAffine(20, 0.2, 0.7, 1.3);
        float[] draws = Tensor.rand(new Rng(13), DType.F32, 2, 4).toFloatArray();

        assertThat(t.apply(x, new Rng(13)).toFloatArray()).containsExactly(t.apply(x, draws).toFloatArray());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void badArgumentsAreRejectedWithTheValues() {
        assertThatThrownBy(() -> new RandomAffine(-1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RandomAffine: expected finite degrees >= 0, 0 <= translate <= 1 and "
                        + "0 < minScale <= maxScale (finite), got -1.0, 0.0, 1.0, 1.0");
        assertThatThrownBy(() -> new RandomAffine(0, -0.1, 1, 1)).hasMessageEndingWith("got 0.0, -0.1, 1.0, 1.0");
        assertThatThrownBy(() -> new RandomAffine(0, 1.5, 1, 1)).hasMessageEndingWith("got 0.0, 1.5, 1.0, 1.0");
        assertThatThrownBy(() -> new RandomAffine(0, 0, 0, 1)).hasMessageEndingWith("got 0.0, 0.0, 0.0, 1.0");
        assertThatThrownBy(() -> new RandomAffine(0, 0, 1.2, 1.1)).hasMessageEndingWith("got 0.0, 0.0, 1.2, 1.1");
    }

    @Test
    void nanAndInfiniteArgumentsAreRejected() {
        assertThatThrownBy(() -> new RandomAffine(Double.NaN, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RandomAffine(0, Double.NaN, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RandomAffine(0, 0, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RandomAffine(0, 0, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RandomAffine(Double.POSITIVE_INFINITY, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RandomAffine(0, 0, 1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void imagesMustBeRank4() {
        Tensor x = Tensor.zeros(DType.F32, 1, 8, 8);
        assertThatThrownBy(() -> new RandomAffine(0, 0, 1, 1).apply(x, new Rng(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RandomAffine: expected images [N, C, H, W], got [1, 8, 8]");
    }
}
