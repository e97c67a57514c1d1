package dev.scorch.optim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parameters after each of 6 steps of torch.optim.SGD on {@link QuarticProblem}: benchmarks/compare/reference_optim.py,
 * arrays named as there.
 */
class SgdTest {

    @Test
    void plain() {
        double[] sgd = {-0.37370656, 0.28152192000000004, -0.8846, -0.10089695999999998, -0.31010080860213984,
            0.2787974918099544, -0.7966745968105601, -0.04154088196468758, -0.2621926560231564, 0.2751068677217814,
            -0.7270862800123, -0.019918297437799076, -0.2256922439121801, 0.27157217908907616, -0.6706616522054595,
            -0.01262609922332895, -0.19771987363374557, 0.2685162319532466, -0.6241552117319997,
            -0.010676281013520493, -0.1762263678680373, 0.265975679318955, -0.5853732601636766,
            -0.010630112384576585};
        assertClose(QuarticProblem.trace(ps -> new Sgd(ps, 0.1), 6), sgd, F64_TOL);
    }

    @Test
    void momentum() {
        double[] sgdMomentum = {-0.37370656, 0.28152192000000004, -0.8846, -0.10089695999999998, -0.23243671260213983,
            0.28016721980995435, -0.69281459681056, 0.10165185403531243, -0.07686987236075384, 0.27143576992690793,
            -0.4711901315285773, 0.21634698145298564, 0.05513519974690059, 0.2548059825622837, -0.2588217791371562,
            0.1779621261678554, 0.13661520520276244, 0.23496422338229958, -0.08240537384564693,
            0.022122219305828632, 0.15540921644571604, 0.2194891100824939, 0.04251934898852389,
            -0.14652042425195053};
        assertClose(QuarticProblem.trace(ps -> new Sgd(ps, 0.1, 0.9, 0, 0, false), 6), sgdMomentum, F64_TOL);
    }

    @Test
    void momentumWithDampeningAndWeightDecay() {
        double[] sgdDampening = {-0.37324656, 0.28124192000000003, -0.8836, -0.10063695999999998, -0.2504630351205664,
            0.2803258611375826, -0.7168194349304321, 0.08428997473366753, -0.11685911180875955, 0.27441580088978673,
            -0.5288060705788358, 0.21106532188759913, 0.004192467975683179, 0.2626109105209424, -0.3442457171220959,
            0.22882596739321723, 0.09468932207280543, 0.24670483803164225, -0.18102065563157138,
            0.13874829281140327, 0.14389607881912223, 0.2306250447570106, -0.0505477029207218,
            -0.011261663238575045};
        assertClose(QuarticProblem.trace(ps -> new Sgd(ps, 0.1, 0.9, 0.3, 0.01, false), 6), sgdDampening, F64_TOL);
    }

    @Test
    void nesterovWithWeightDecay() {
        double[] sgdNesterov = {-0.29167246399999996, 0.280231648, -0.77124, 0.04476577600000004, -0.1359991486471353,
            0.2670400396430205, -0.5450688314660406, 0.11444754672732474, -0.022386385283316962, 0.25022049718101097,
            -0.34981221541770874, 0.056918743436045915, 0.03794295810873902, 0.23790912846320925, -0.19883940508673,
            -0.011388729960519166, 0.04749335217164814, 0.23267139030716852, -0.09812859841553269,
            -0.04260749370652789, 0.018525818001795986, 0.2331036218994503, -0.04797227231461389,
            -0.04198093392824131};
        assertClose(QuarticProblem.trace(ps -> new Sgd(ps, 0.1, 0.9, 0, 0.05, true), 6), sgdNesterov, F64_TOL);
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> new Sgd(List.of(QuarticProblem.start()), 0.1, 0, 0, 0, true))
                .hasMessageContaining("Sgd").hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> new Sgd(List.of(QuarticProblem.start()), -1))
                .hasMessageContaining("Sgd: learning rate must be >= 0, got -1.0");
        assertThatThrownBy(() -> new Sgd(List.of(), 0.1)).hasMessageContaining("empty parameter list");
    }
}
