package dev.scorch.gan;

import dev.scorch.tensor.io.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GanConfigTest {

    @Test
    void defaultsAreThePapersRecipesAtTheCourseSizes() {
        GanConfig dcgan = GanConfig.defaults("dcgan", "mnist", "", 1000, 0);
        assertThat(dcgan.lr()).isEqualTo(2e-4);
        assertThat(dcgan.beta1()).isEqualTo(0.5);
        assertThat(dcgan.beta2()).isEqualTo(0.999);
        assertThat(dcgan.criticSteps()).isEqualTo(1);
        assertThat(dcgan.latent()).isEqualTo(64);
        assertThat(dcgan.width()).isEqualTo(64);
        GanConfig wgan = GanConfig.defaults("wgan-gp", "fashion-mnist", "/data", 1000, 0);
        assertThat(wgan.lr()).isEqualTo(1e-4);
        assertThat(wgan.beta1()).isZero();
        assertThat(wgan.beta2()).isEqualTo(0.9);
        assertThat(wgan.criticSteps()).isEqualTo(5);
        assertThat(wgan.lambda()).isEqualTo(10);
        assertThat(wgan.lossFunction()).isInstanceOf(WassersteinGpLoss.class);
    }

    @Test
    void survivesJson() {
        GanConfig c = GanConfig.defaults("wgan-gp", "fashion-mnist", "/data/f", 1234, 9).withSteps(5000);
        GanConfig back = GanConfig.fromMap((Map<?, ?>) Json.parse(Json.write(c.toMap())));
        assertThat(back).isEqualTo(c);
        assertThat(back.steps()).isEqualTo(5000);
    }

    @Test
    void channelsSurviveJsonAndAreGreyWhenAbsent() {
        GanConfig d = GanConfig.defaults("dcgan", "mnist", "", 10, 0);
        assertThat(d.channels()).isEqualTo(1);
        GanConfig rgb = new GanConfig("dcgan", "mnist", "", 8, 4, 8, d.lr(), 0.5, 0.999, 1, 10, 10, 0.999, 0, 500,
                100, 3);
        assertThat(GanConfig.fromMap((Map<?, ?>) Json.parse(Json.write(rgb.toMap())))).isEqualTo(rgb);
        Map<String, Object> old = new java.util.LinkedHashMap<>(rgb.toMap());
        old.remove("channels");
        assertThat(GanConfig.fromMap(old).channels()).isEqualTo(1);
        assertThat(rgb.withSteps(20).channels()).isEqualTo(3);
        assertThatThrownBy(() -> new GanConfig("dcgan", "mnist", "", 8, 4, 8, d.lr(), 0.5, 0.999, 1, 10, 10, 0.999,
                0, 500, 100, 2)).hasMessage("GAN config: channels must be 1 or 3, got 2");
    }

    @Test
    void rejectsWhatCannotTrain() {
        GanConfig d = GanConfig.defaults("dcgan", "mnist", "", 10, 0);
        assertThatThrownBy(() -> new GanConfig("gan", "mnist", "", 64, 64, 64, 2e-4, 0.5, 0.999, 1, 10, 10, 0.999, 0,
                500, 100)).hasMessage("unknown GAN loss 'gan' (known: dcgan, wgan-gp)");
        assertThatThrownBy(() -> new GanConfig("dcgan", "mnist", "", 64, 64, 1, d.lr(), 0.5, 0.999, 1, 10, 10, 0.999,
                0, 500, 100)).hasMessageContaining("batch and samples at least 2").hasMessageContaining("batch 1");
        assertThatThrownBy(() -> new GanConfig("dcgan", "mnist", "", 64, 64, 64, d.lr(), 1.0, 0.999, 1, 10, 10, 0.999,
                0, 500, 100)).hasMessage("GAN config: need lr > 0 and betas in [0, 1), got lr 2.0E-4, betas (1.0, "
                + "0.999)");
        assertThatThrownBy(() -> GanConfig.fromMap(Map.of("loss", "dcgan", "data", "mnist", "dataDir", "")))
                .hasMessage("GAN config: 'latent' must be a number, got null");
    }
}
