package dev.scorch.score;

import dev.scorch.data.ImageDataset;
import dev.scorch.tensor.Backends;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Tensor;
import dev.scorch.train.Checkpoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * NCSN on the GPU follows the CPU: the same seed gives the same losses to F32 rounding step by step, sampling with
 * annealed Langevin dynamics gives the same images to rounding (the noise is the same numbers), and a checkpoint
 * written from the GPU restores on the CPU and resumes on the GPU. Skipped without a CUDA device.
 */
@Tag("gpu")
class NcsnCudaTest {

    @Test
    void trainingAndSamplingOnTheGpuFollowTheCpu() {
        Device cuda = Device.cuda(0);
        String why = Backends.unavailableReason(cuda);
        assumeTrue(why == null, () -> "skipped: " + why);
        NcsnConfig config = NcsnFixtures.tiny(4);
        ImageDataset data = NcsnFixtures.squares(16);
        NcsnTraining cpu = new NcsnTraining(config, data);
        NcsnTraining gpu = new NcsnTraining(config, data, cuda);
        List<Double> lc = new ArrayList<>();
        List<Double> lg = new ArrayList<>();
        cpu.trainUntil(4, (s, l) -> lc.add(l));
        gpu.trainUntil(4, (s, l) -> lg.add(l));
        for (int i = 0; i < lc.size(); i++) {
            assertThat(lg.get(i)).as("loss at step " + (i + 1)).isCloseTo(lc.get(i),
                    org.assertj.core.data.Percentage.withPercentage(0.1));
        }
        Tensor sc = cpu.sample(4, 3, new AnnealedLangevin.Observer() { });
        Tensor sg = gpu.sample(4, 3, new AnnealedLangevin.Observer() { });
        assertThat(sg.device()).isEqualTo(Device.CPU);
        double scale = sc.abs().max().item();
        assertThat(sg.allClose(sc, 1e-3, 1e-3 * scale)).as("samples").isTrue();

        Checkpoint c = gpu.checkpoint();
        NcsnTraining restored = new NcsnTraining(config, null);
        restored.restore(c);
        assertThat(restored.step()).isEqualTo(4);
        NcsnTraining resumed = new NcsnTraining(config, data, cuda);
        resumed.restore(c);
        resumed.trainUntil(5, (s, l) -> { });
        assertThat(resumed.step()).isEqualTo(5);
    }
}
