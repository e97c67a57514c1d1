package dev.scorch.data;

import dev.scorch.tensor.Tensor;

import dev.scorch.tensor.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a batch of images as one PNG grid (as {@code torchvision.utils.save_image}): values clamped to [0, 1],
 * one channel as grey, three as RGB, {@code columns} per row with a gap between images.
 */
public final class ImageGrid {
    private ImageGrid() {
    }

    /** The grid as an image. {@code images} is {@code [N, 1 or 3, H, W]}. */
    public static BufferedImage render(Tensor images, int columns, int gap, int upscale) {
        if (images.rank() != 4 || (images.dim(1) != 1 && images.dim(1) != 3) || images.dim(0) == 0) {
            throw new IllegalArgumentException("ImageGrid: expected images [N, 1 or 3, H, W] with N > 0, got "
                    + images.shape());
        }
        if (columns <= 0 || gap < 0 || upscale <= 0) {
            throw new IllegalArgumentException("ImageGrid: columns and upscale must be positive and gap >= 0, got "
                    + "columns " + columns + ", gap " + gap + ", upscale " + upscale);
        }
        int n = images.dim(0);
        int c = images.dim(1);
        int h = images.dim(2);
        int w = images.dim(3);
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int cellW = w * upscale + gap;
        int cellH = h * upscale + gap;
        BufferedImage img = new BufferedImage(cols * cellW + gap, rows * cellH + gap, BufferedImage.TYPE_INT_RGB);
        double[] v = images.toDoubleArray();
        for (int i = 0; i < n; i++) {
            int ox = gap + (i % cols) * cellW;
            int oy = gap + (i / cols) * cellH;
            for (int y = 0; y < h * upscale; y++) {
                for (int x = 0; x < w * upscale; x++) {
                    int base = (i * c * h + (y / upscale)) * w + x / upscale;
                    int r = level(v[base]);
                    int g = c == 3 ? level(v[base + h * w]) : r;
                    int b = c == 3 ? level(v[base + 2 * h * w]) : r;
                    img.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return img;
    }

    private static int level(double x) {
        double c = Double.isNaN(x) ? 0 : Math.max(0, Math.min(1, x));
        return (int) Math.round(c * 255);
    }

    /** Renders and writes the grid as PNG (through a temporary file, so no half-written picture is left). */
    public static void save(Tensor images, int columns, Path file) throws IOException {
        save(render(images, columns, 2, 1), file);
    }

    /** Writes an image as PNG atomically; the folder must exist. */
    public static void save(BufferedImage img, Path file) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", png)) {
            throw new IOException("ImageGrid: no PNG writer available");
        }
        AtomicFiles.writeBytes(file, png.toByteArray());
    }
}
