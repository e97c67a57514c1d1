package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.optim.Adam;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.scorch.nn.ReferenceData.assertRelClose;
import static dev.scorch.nn.ReferenceData.pattern;
import static dev.scorch.nn.ReferenceData.set;
import static dev.scorch.nn.ReferenceData.tensor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end agreement with PyTorch: a small MLP and a small conv net trained for 20 Adam steps (lr 1e-2) on fixed
 * data reproduce torch's losses and final weights, in float64 to 1e-8 relative and in float32 to 1e-4.
 *
 * <p>Reference values: {@code /usr/bin/python3 benchmarks/compare/reference_training.py} (torch 1.13, CPU). The
 * weights are summarised per parameter, in state-dict order, as [sum, Σ w·pattern(n, 99, 1), w[0], w[n/2], w[n−1]].
 */
class TrainingReferenceTest {
    private static final int STEPS = 20;
    private static final double F64_RTOL = 1e-8;
    private static final double F32_RTOL = 1e-4;

    /** A model and its loss on the fixed data. */
    private record Problem(Sequential net, Supplier<Variable> loss) {
    }

    /** 6-16-16-3, tanh then ReLU, cross-entropy on 12 samples with labels i mod 3 (the script's {@code mlp}). */
    private static Problem mlp(DType dt) {
        Rng rng = new Rng(0);
        Linear l0 = new Linear(6, 16, true, rng, dt);
        Linear l2 = new Linear(16, 16, true, rng, dt);
        Linear l4 = new Linear(16, 3, true, rng, dt);
        Sequential net = new Sequential(l0, new Activations.Tanh(), l2, new Activations.ReLU(), l4);
        Linear[] layers = {l0, l2, l4};
        for (int k = 0; k < layers.length; k++) {
            set(layers[k].weight(), 60 + 2 * k, 1 / Math.sqrt(layers[k].weight().dim(1)));
            set(layers[k].bias(), 61 + 2 * k, 0.1);
        }
        Variable x = Variable.constant(tensor(Shape.of(12, 6), 50, 1.5, dt));
        long[] labels = new long[12];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        Tensor y = Tensor.of(labels, 12);
        return new Problem(net, () -> Losses.crossEntropy(net.forward(x), y));
    }

    /** Conv(1→4, 3, stride 2, pad 1), GroupNorm(2, 4), SiLU, ConvTranspose(4→1, 4, stride 2, pad 1), MSE. */
    private static Problem convNet(DType dt) {
        return convNet(dt, 3, 8);
    }

    private static Problem convNet(DType dt, int batch, int size) {
        Rng rng = new Rng(0);
        Conv2d conv = new Conv2d(1, 4, 3, ConvSpec.of(2, 1), true, rng, dt);
        ConvTranspose2d up = new ConvTranspose2d(4, 1, 4, ConvSpec.of(2, 1), 0, true, rng, dt);
        Sequential net = new Sequential(conv, new GroupNorm(2, 4, 1e-5, true, dt), new Activations.SiLU(), up);
        set(conv.weight(), 72, 1 / 3.0);
        set(conv.bias(), 73, 0.1);
        set(up.weight(), 75, 0.25);
        set(up.bias(), 76, 0.1);
        Variable x = Variable.constant(tensor(Shape.of(batch, 1, size, size), 70, 1.0, dt));
        Variable target = Variable.constant(tensor(Shape.of(batch, 1, size, size), 71, 0.5, dt));
        return new Problem(net, () -> Losses.mse(net.forward(x), target));
    }

    /** Trains 20 steps; returns the losses followed by the weight summaries. */
    private static double[][] train(Problem p) {
        return train(p, STEPS);
    }

    private static double[][] train(Problem p, int steps) {
        Adam adam = new Adam(p.net().parameters(), 1e-2);
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            adam.zeroGrad();
            Variable loss = p.loss().get();
            loss.backward();
            adam.step();
            losses[s] = loss.item();
        }
        List<Double> summary = new ArrayList<>();
        for (Variable w : p.net().namedParameters().values()) {
            double[] v = w.data().toDoubleArray();
            double[] probe = pattern(v.length, 99, 1.0);
            double sum = 0;
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                sum += v[i];
                dot += v[i] * probe[i];
            }
            summary.addAll(List.of(sum, dot, v[0], v[v.length / 2], v[v.length - 1]));
        }
        return new double[][] {losses, summary.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    /** Relative agreement, with an absolute floor of 1% of the tolerance for entries near zero. */
    private static void assertAgrees(double[] actual, double[] expected, double rtol) {
        assertRelClose(actual, expected, rtol, rtol * 1e-2);
    }

    @Test
    void mlpInFloat64() {
        double[] mlpLosses = {1.1142723701912567, 1.0961387148748505, 1.079386998447248, 1.0640369005798174,
            1.050383777495749, 1.0379131369388346, 1.0275309861396384, 1.0172269603526367, 1.0074002974304916,
            0.997634245476933, 0.9867632844792477, 0.9752255108097616, 0.9619843022495802, 0.9475571137448003,
            0.9319725006419413, 0.9155868277589253, 0.8996307835269467, 0.8837703618355363, 0.86830583269725,
            0.8528762887423595};
        double[] mlpFinal = {-0.8846630536089319, -0.9977177130085284, 0.1296853017905186, -0.42757922341281945,
            0.05261020698030222, -0.3070701483061939, 0.2830688219768056, -0.06666324336637289, 0.09848473055612159,
            -0.10222495009775698, -0.6582451784072048, 20.895148325796924, 0.08800608469102436, -0.018393216189846743,
            -0.3227783454010753, 0.9493799208056051, 0.40924250849039456, 0.15073273815889462, 0.13978557734822217,
            0.020681707240179828, -0.4012703219857437, 0.07620837083954579, 0.3726457130704397, 0.10889197522805566,
            -0.35669251720778633, -0.12026099102898269, 0.02949647917229621, -0.12446305248731332,
            -0.13718509075216853, 0.14138715221049913};
        Problem p = mlp(DType.F64);
        assertThat(p.net().namedParameters().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias",
                "4.weight", "4.bias");

        double[][] run = train(p);

        assertAgrees(run[0], mlpLosses, F64_RTOL);
        assertAgrees(run[1], mlpFinal, F64_RTOL);
    }

    @Test
    void mlpInFloat32() {
        double[] mlpLosses = {1.1142724752426147, 1.0961387157440186, 1.0793870687484741, 1.0640368461608887,
            1.0503836870193481, 1.0379129648208618, 1.0275309085845947, 1.017227053642273, 1.007400393486023,
            0.9976341724395752, 0.9867632985115051, 0.9752255082130432, 0.9619843363761902, 0.9475570321083069,
            0.931972324848175, 0.9155867695808411, 0.8996308445930481, 0.8837704658508301, 0.8683058619499207,
            0.8528762459754944};
        double[] mlpFinal = {-0.8846626281738281, -0.9977173418179153, 0.12968529760837555, -0.42757922410964966,
            0.05261024832725525, -0.3070700466632843, 0.2830689198896289, -0.06666319817304611, 0.09848478436470032,
            -0.1022249162197113, -0.6582456532632932, 20.89514839751879, 0.08800608664751053, -0.018393205478787422,
            -0.3227783441543579, 0.9493798476178199, 0.4092424333840608, 0.15073274075984955, 0.1397855281829834,
            0.02068171463906765, -0.40127062657848, 0.0762085490580649, 0.37264567613601685, 0.10889214277267456,
            -0.35669249296188354, -0.120261050760746, 0.0294965298473835, -0.1244630441069603, -0.13718515634536743,
            0.14138714969158173};

        double[][] run = train(mlp(DType.F32));

        assertAgrees(run[0], mlpLosses, F32_RTOL);
        assertAgrees(run[1], mlpFinal, F32_RTOL);
    }

    @Test
    void convNetInFloat64() {
        double[] convLosses = {0.14391792682143717, 0.11595231619418876, 0.09676267767496609, 0.08279802213625631,
            0.07231538284873372, 0.0645812492249686, 0.05908099246115623, 0.0552721762156376, 0.052583948732286924,
            0.050483949124020544, 0.04858033575659404, 0.04667241458143997, 0.04472287418097123, 0.04279040103235796,
            0.04096437077076014, 0.03931949414065137, 0.037893706484966594, 0.0366871290622998, 0.03567446118320836,
            0.03481962932124804};
        double[] convFinal = {-0.3876943694851392, 3.0375941266944584, 0.2676244361163808, 0.10183742678360734,
            0.11330696902402136, 0.003999999999999879, 0.112082764430075, 0.17180384579774688, 0.03792724079870395,
            -0.08992724079870405, 3.5661877349876634, 0.6117189341151043, 0.8438693287335862, 0.9145178587291021,
            0.9129421570053665, -0.3580306920200747, -0.05874513425829457, -0.1436707153942997, -0.07252590459526854,
            -0.04851279295077333, -0.0240526393603116, -1.6433576398563519, -0.08892437636789478, 0.07657285497427592,
            -0.04363610046065284, -0.00033759959628770113, -0.00019580776584686665, -0.00033759959628770113,
            -0.00033759959628770113, -0.00033759959628770113};
        Problem p = convNet(DType.F64);
        assertThat(p.net().namedParameters().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
                "3.weight", "3.bias");

        double[][] run = train(p);

        assertAgrees(run[0], convLosses, F64_RTOL);
        assertAgrees(run[1], convFinal, F64_RTOL);
    }

    @Test
    void convNetInFloat32() {
        double[] convLosses = {0.14391791820526123, 0.11595234274864197, 0.09676268696784973, 0.08279802650213242,
            0.07231538742780685, 0.0645812526345253, 0.05908099189400673, 0.0552721805870533, 0.05258394777774811,
            0.05048394575715065, 0.048580337315797806, 0.04667241498827934, 0.04472287371754646, 0.042790401726961136,
            0.04096437618136406, 0.03931949660181999, 0.03789370879530907, 0.036687131971120834, 0.03567446023225784,
            0.03481963276863098};
        double[] convFinal = {-0.38769429037347436, 3.0375939775258303, 0.2676244080066681, 0.1018374115228653,
            0.11330697685480118, 0.003999996930360794, 0.1120827667415142, 0.17180386185646057, 0.03792721405625343,
            -0.08992724120616913, 3.5661879181861877, 0.6117190182209015, 0.8438693284988403, 0.914517879486084,
            0.9129422903060913, -0.35803063958883286, -0.05874508559703828, -0.1436706781387329, -0.07252591103315353,
            -0.048512764275074005, -0.02405259432271123, -1.6433578603249042, -0.08892438560724258,
            0.07657288759946823, -0.043636105954647064, -0.0003376042004674673, -0.00019581043627113102,
            -0.0003376042004674673, -0.0003376042004674673, -0.0003376042004674673};

        double[][] run = train(convNet(DType.F32));

        assertAgrees(run[0], convLosses, F32_RTOL);
        assertAgrees(run[1], convFinal, F32_RTOL);
    }

    @Test
    void trainingIsBitIdenticalWhateverTheThreadCount() {
        // Activations of 8·4·48·48 elements, large enough to be split across threads.
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[][] one = train(convNet(DType.F32, 8, 96), 3);
            Parallel.setThreads(3);
            double[][] three = train(convNet(DType.F32, 8, 96), 3);

            assertThat(three[0]).isEqualTo(one[0]);
            assertThat(three[1]).isEqualTo(one[1]);
        } finally {
            Parallel.setThreads(threads);
        }
    }
}
