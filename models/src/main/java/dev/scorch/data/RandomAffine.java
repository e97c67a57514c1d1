package dev.scorch.data;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.joml.Matrix3x2f;
import org.joml.Vector2f;

/**
 * Random affine augmentation for classifiers, as {@code torchvision.transforms.RandomAffine}: each image is rotated by
 * up to ±{@code degrees}, scaled by a factor in [{@code minScale}, {@code maxScale}] and shifted by up to
 * ±{@code translate}·size, about its centre, with bilinear sampling and zero fill. The 2-D affine maps are JOML's
 * {@link Matrix3x2f}; each output pixel is pulled from the inverse map.
 */
public final class RandomAffine implements Transform {
    private final float degrees;
    private final float translate;
    private final float minScale;
    private final float maxScale;

    public RandomAffine(double degrees, double translate, double minScale, double maxScale) {
        // NOTE: the condition states what is valid, so that NaN, false in every comparison, is rejected too
        boolean ok = degrees >= 0 && Double.isFinite(degrees) && translate >= 0 && translate <= 1 && minScale > 0
                && maxScale >= minScale && Double.isFinite(maxScale);
        if (!ok) {
            throw new IllegalArgumentException("RandomAffine: expected finite degrees >= 0, 0 <= translate <= 1 and "
                    + "0 < minScale <= maxScale (finite), got " + degrees + ", " + translate + ", " + minScale + ", "
                    + maxScale);
        }
        this.degrees = (float) degrees;
        this.translate = (float) translate;
        this.minScale = (float) minScale;
        this.maxScale = (float) maxScale;
    }

    @Override
    public Tensor apply(Tensor images, Rng rng) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("RandomAffine: expected images [N, C, H, W], got " + images.shape());
        }
        return apply(images, Tensor.rand(rng, DType.F32, images.dim(0), 4).toFloatArray());
    }

    /**
     * The transform with given draws: four uniforms in [0, 1) per image, for the angle, the scale and the x and y
     * shifts. Separate from the random draw so that tests can choose exact maps.
     */
    Tensor apply(Tensor images, float[] params) {
        int n = images.dim(0);
        int c = images.dim(1);
        int h = images.dim(2);
        int w = images.dim(3);
        float[] src = images.toType(DType.F32).contiguous().toFloatArray();
        float[] dst = new float[src.length];
        float cx = (w - 1) / 2f;
        float cy = (h - 1) / 2f;
        Vector2f p = new Vector2f();
        for (int i = 0; i < n; i++) {
            float angle = (float) Math.toRadians((2 * params[4 * i] - 1) * degrees);
            float scale = minScale + (maxScale - minScale) * params[4 * i + 1];
            float tx = (2 * params[4 * i + 2] - 1) * translate * w;
            float ty = (2 * params[4 * i + 3] - 1) * translate * h;
            Matrix3x2f forward = new Matrix3x2f().translate(cx + tx, cy + ty).rotate(angle).scale(scale)
                    .translate(-cx, -cy);
            Matrix3x2f inverse = forward.invert(new Matrix3x2f());
            for (int ch = 0; ch < c; ch++) {
                int plane = (i * c + ch) * h * w;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        inverse.transformPosition(p.set(x, y));
                        dst[plane + y * w + x] = bilinear(src, plane, w, h, p.x, p.y);
                    }
                }
            }
        }
        return Tensor.of(dst, n, c, h, w).toType(images.dtype());
    }

    private static float bilinear(float[] a, int plane, int w, int h, float x, float y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = x - x0;
        float fy = y - y0;
        return (1 - fy) * ((1 - fx) * at(a, plane, w, h, x0, y0) + fx * at(a, plane, w, h, x0 + 1, y0))
                + fy * ((1 - fx) * at(a, plane, w, h, x0, y0 + 1) + fx * at(a, plane, w, h, x0 + 1, y0 + 1));
    }

    private static float at(float[] a, int plane, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : a[plane + y * w + x];
    }

}
