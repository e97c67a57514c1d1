package dev.scorch.data;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

import java.util.List;

/**
 * Images with two binary attributes each, as fairness experiments need them: the target attribute t (what a classifier
 * should predict) and the protected attribute g (the group it should not depend on; the letters of Ramaswamy, Kim &amp;
 * Russakovsky, CVPR 2021, arXiv:2012.01469). The four (t, g) combinations are the cells, numbered 2t + g.
 *
 * @param name   where the data came from, for logs and run summaries
 * @param images {@code [N, C, H, W]}, F32 in [0, 1]
 * @param t      the target attribute of each image
 * @param g      the protected attribute of each image
 */
public record AttributeDataset(String name, Tensor images, boolean[] t, boolean[] g) {
    /** Names of the cells 0 … 3 (index 2t + g). */
    public static final List<String> CELLS = List.of("t=0,g=0", "t=0,g=1", "t=1,g=0", "t=1,g=1");

    public AttributeDataset {
        if (images.rank() != 4 || images.dtype() != DType.F32) {
            throw new IllegalArgumentException("AttributeDataset: images must be F32 [N, C, H, W], got "
                    + images.dtype() + " " + images.shape());
        }
        if (t.length != images.dim(0) || g.length != images.dim(0)) {
            throw new IllegalArgumentException("AttributeDataset: expected " + images.dim(0) + " targets and groups, "
                    + "got " + t.length + " and " + g.length);
        }
    }

    public int size() {
        return t.length;
    }

    public int channels() {
        return images.dim(1);
    }

    /** Cell 2t + g of example i. */
    public int cell(int i) {
        return (t[i] ? 2 : 0) + (g[i] ? 1 : 0);
    }

    /** Examples per cell, indexed 2t + g. */
    public long[] cellCounts() {
        long[] c = new long[4];
        for (int i = 0; i < size(); i++) {
            c[cell(i)]++;
        }
        return c;
    }

    /** The examples at the given indices, in that order. */
    public AttributeDataset select(int[] index) {
        long[] idx = new long[index.length];
        boolean[] tt = new boolean[index.length];
        boolean[] gg = new boolean[index.length];
        for (int k = 0; k < index.length; k++) {
            idx[k] = index[k];
            tt[k] = t[index[k]];
            gg[k] = g[index[k]];
        }
        return new AttributeDataset(name, images.indexSelect(0, Tensor.of(idx, idx.length)), tt, gg);
    }

    /** This set followed by {@code other} (same image shape). */
    public AttributeDataset concat(String newName, AttributeDataset other) {
        if (images.dim(1) != other.images.dim(1) || images.dim(2) != other.images.dim(2)
                || images.dim(3) != other.images.dim(3)) {
            throw new IllegalArgumentException("AttributeDataset.concat: images " + images.shape() + " and "
                    + other.images.shape() + " differ beyond the first axis");
        }
        boolean[] tt = new boolean[size() + other.size()];
        boolean[] gg = new boolean[tt.length];
        System.arraycopy(t, 0, tt, 0, size());
        System.arraycopy(other.t, 0, tt, size(), other.size());
        System.arraycopy(g, 0, gg, 0, size());
        System.arraycopy(other.g, 0, gg, size(), other.size());
        return new AttributeDataset(newName, Tensor.cat(0, images, other.images), tt, gg);
    }

    /**
     * The same images labelled by cell (2t + g, I64), for a {@link DataLoader}: a batch's labels give back both
     * attributes, t = label ≥ 2 and g = label odd.
     */
    public ImageDataset byCell() {
        long[] y = new long[size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = cell(i);
        }
        return new ImageDataset(name, images, Tensor.of(y, y.length), CELLS);
    }
}
