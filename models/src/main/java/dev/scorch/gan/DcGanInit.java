package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.BatchNorm2d;
import dev.scorch.nn.Init;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * The DCGAN initialisation (Radford, Metz &amp; Chintala, ICLR 2016, arXiv:1511.06434, section 4): convolution weights
 * from N(0, 0.02²), and, as the authors' and PyTorch's DCGAN code do, BatchNorm scales from N(1, 0.02²) with zero
 * shifts; biases start at zero.
 */
final class DcGanInit {
    private DcGanInit() {
    }

    /** Re-initialises a convolution's (or transposed convolution's) weight and bias in place. */
    static void conv(Variable weight, Variable bias, Rng rng) {
        weight.setData(Init.dcgan(rng, weight.shape(), weight.dtype()));
        if (bias != null) {
            bias.setData(Tensor.zerosLike(bias.data()));
        }
    }

    /** Re-initialises a BatchNorm's affine parameters in place. */
    static void batchNorm(BatchNorm2d bn, Rng rng) {
        Variable scale = bn.namedParameters().get("weight");
        Variable shift = bn.namedParameters().get("bias");
        scale.setData(Init.normal(rng, scale.shape(), 1.0, 0.02, scale.dtype()));
        shift.setData(Tensor.zerosLike(shift.data()));
    }
}
