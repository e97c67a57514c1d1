package dev.scorch.data;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

import java.util.List;

/**
 * Labelled images in memory: {@code images [N, C, H, W]} F32 in [0, 1] and {@code labels [N]} I64.
 *
 * @param name       where the data came from, for logs and run summaries
 * @param images     {@code [N, C, H, W]}, F32 in [0, 1]
 * @param labels     {@code [N]}, I64 class indices
 * @param classNames one name per class
 */
public record ImageDataset(String name, Tensor images, Tensor labels, List<String> classNames) {

    public ImageDataset {
        if (images.rank() != 4 || images.dtype() != DType.F32) {
            throw new IllegalArgumentException("ImageDataset: images must be F32 [N, C, H, W], got " + images.dtype()
                    + " " + images.shape());
        }
        if (labels.rank() != 1 || labels.dtype() != DType.I64 || labels.dim(0) != images.dim(0)) {
            throw new IllegalArgumentException("ImageDataset: labels must be I64 [" + images.dim(0) + "], got "
                    + labels.dtype() + " " + labels.shape());
        }
        classNames = List.copyOf(classNames);
    }

    public int size() {
        return images.dim(0);
    }

    /** The first {@code n} examples (all of them when n exceeds the size). */
    public ImageDataset head(int n) {
        int k = Math.min(n, size());
        return new ImageDataset(name + "[:" + k + "]", images.narrow(0, 0, k), labels.narrow(0, 0, k), classNames);
    }

    /** The examples at the given I64 indices. */
    public ImageDataset select(Tensor indices) {
        return new ImageDataset(name, images.indexSelect(0, indices), labels.indexSelect(0, indices), classNames);
    }
}
