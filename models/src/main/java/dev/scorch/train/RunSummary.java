package dev.scorch.train;

import dev.scorch.data.ImageDataset;
import dev.scorch.eval.SampleQuality;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the NCSN, score-SDE and GAN runs write alike into {@code summary.json}. */
public final class RunSummary {
    private RunSummary() {
    }

    /** Four decimals; null (JSON null) for NaN or infinity, which JSON cannot hold. */
    public static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null;
    }

    /** {@code n} images of {@code data} in a seeded random order: real data to compare the scores of samples with. */
    public static Tensor realImages(ImageDataset data, int n, long seed) {
        Tensor order = Tensor.randperm(new Rng(seed).split(5), data.size()).narrow(0, 0, Math.min(n, data.size()));
        return data.images().indexSelect(0, order);
    }

    /** The samples' classifier scores, next to those of as many real images (FID depends on the count). */
    public static void putQuality(Map<String, Object> summary, SampleQuality q, SampleQuality real, String referenceName) {
        summary.put("fid", round(q.fid()));
        summary.put("fidReference", referenceName + " (" + q.references() + " images)");
        summary.put("confidence", round(q.confidence()));
        summary.put("classesPresent", q.classesPresent());
        List<Long> hist = new ArrayList<>();
        for (long h : q.histogram()) {
            hist.add(h);
        }
        summary.put("classHistogram", hist);
        summary.put("fidRealImages", round(real.fid()));
        summary.put("confidenceRealImages", round(real.confidence()));
    }
}
