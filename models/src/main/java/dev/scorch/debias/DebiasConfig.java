package dev.scorch.debias;

import dev.scorch.gan.GanLoss;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of one de-biasing experiment ({@link DebiasRun}), saved as {@code config.json} in its run folder.
 *
 * @param data        dataset name ("mnist")
 * @param dataDir     folder with the IDX files, or "" for the bundled MNIST test split (then all three splits are
 *                    carved from those 10,000 images)
 * @param split       how the biased splits are built (target, protected attribute, share, cell sizes, data seed)
 * @param classifier  how every classifier is trained (baseline, protected-attribute, de-biased, adversarial)
 * @param ganRun      a finished GAN run folder to take the generator from, or "" to train one on the training split
 * @param ganLoss     objective of a GAN trained here (one of {@link GanLoss#NAMES})
 * @param ganSteps    its generator updates
 * @param ganLatent   its latent size
 * @param ganWidth    its width w
 * @param svmLatents  latents the hyperplanes are fitted to (the paper: 10,000)
 * @param svmHeldOut  further latents their accuracy is measured on
 * @param pairs       generated pairs (G(z), G(z')) added to the training set (the paper: 160,000)
 * @param alpha       α of adversarial de-biasing (the paper of Zhang et al.: 0.1)
 * @param adversaryLr Adam's learning rate for the adversary
 * @param bootstrap   bootstrap resamples of the test metrics (the paper: 500)
 * @param seed        seed of everything random in the method (weights, batches, latents, bootstrap); the splits
 *                    have their own seed in {@code split}, so runs with different seeds share the data
 */
public record DebiasConfig(String data, String dataDir, BiasedMnist.Options split, AttributeTraining.Options classifier,
                           String ganRun, String ganLoss, long ganSteps, int ganLatent, int ganWidth, int svmLatents,
                           int svmHeldOut, int pairs, double alpha, double adversaryLr, int bootstrap, long seed) {
    /** Classifier epochs of the default run. */
    public static final int EPOCHS = 5;
    /** Classifier width w of the default run. */
    public static final int WIDTH = 16;
    /** GAN steps of the default run. */
    public static final long GAN_STEPS = 6000;
    /** Pairs of the default run. */
    public static final int PAIRS = 10_000;

    public DebiasConfig {
        GanLoss.of(ganLoss, 10);
        if (ganSteps < 0 || ganLatent < 1 || ganWidth < 1 || svmLatents < 2 || svmHeldOut < 1 || pairs < 1
                || bootstrap < 1) {
            throw new IllegalArgumentException("debias config: need GAN steps >= 0, a positive GAN latent size and "
                    + "width, at least 2 SVM latents, 1 held-out latent, 1 pair and 1 bootstrap resample; got steps "
                    + ganSteps + ", latent " + ganLatent + ", width " + ganWidth + ", SVM latents " + svmLatents
                    + ", held out " + svmHeldOut + ", pairs " + pairs + ", resamples " + bootstrap);
        }
        if (!(alpha >= 0) || !(adversaryLr > 0)) {
            throw new IllegalArgumentException("debias config: need alpha >= 0 and a positive adversary lr, got "
                    + alpha + " and " + adversaryLr);
        }
    }

    /**
     * The default run, sized for a 2-core CPU: the default splits, classifiers of width {@value #WIDTH} trained for
     * {@value #EPOCHS} epochs (batch 64, Adam 10⁻³), a DCGAN of the course's size (latent 64, width 64) trained for
     * {@value #GAN_STEPS} steps, 10,000 + 2,000 latents for the hyperplanes, {@value #PAIRS} pairs, α = 0.1, 500
     * bootstrap resamples.
     */
    public static DebiasConfig defaults(String data, String dataDir, long seed) {
        return new DebiasConfig(data, dataDir, BiasedMnist.Options.defaults(),
                new AttributeTraining.Options(EPOCHS, 64, 1e-3, WIDTH, seed), "", "dcgan", GAN_STEPS, 64, 64, 10_000,
                2_000, PAIRS, AdversarialDebiasing.ALPHA, 1e-3, 500, seed);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("dataDir", dataDir);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("target", split.target().spec());
        s.put("protected", split.protectedKind().id());
        s.put("share", split.share());
        s.put("validationPerCell", split.validationPerCell());
        s.put("testPerCell", split.testPerCell());
        s.put("maxTrain", split.maxTrain());
        s.put("seed", split.seed());
        m.put("split", s);
        m.put("classifier", classifier.toMap());
        m.put("ganRun", ganRun);
        m.put("ganLoss", ganLoss);
        m.put("ganSteps", ganSteps);
        m.put("ganLatent", ganLatent);
        m.put("ganWidth", ganWidth);
        m.put("svmLatents", svmLatents);
        m.put("svmHeldOut", svmHeldOut);
        m.put("pairs", pairs);
        m.put("alpha", alpha);
        m.put("adversaryLr", adversaryLr);
        m.put("bootstrap", bootstrap);
        m.put("seed", seed);
        return m;
    }
}
