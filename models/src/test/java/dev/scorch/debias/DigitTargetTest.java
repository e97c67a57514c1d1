package dev.scorch.debias;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigitTargetTest {

    @Test
    void parsesEveryForm() {
        assertThat(DigitTarget.parse("digit>=5").positives()).containsExactly(5, 6, 7, 8, 9);
        assertThat(DigitTarget.parse(" Digit >= 8 ").positives()).containsExactly(8, 9);
        assertThat(DigitTarget.parse("digit<3").positives()).containsExactly(0, 1, 2);
        assertThat(DigitTarget.parse("even").positives()).containsExactly(0, 2, 4, 6, 8);
        assertThat(DigitTarget.parse("odd").positives()).containsExactly(1, 3, 5, 7, 9);
        assertThat(DigitTarget.parse("digits:3,8,1").positives()).isEqualTo(List.of(1, 3, 8));
        assertThat(DigitTarget.parse("digit>=5").of(4)).isFalse();
        assertThat(DigitTarget.parse("digit>=5").of(5)).isTrue();
        assertThat(DigitTarget.parse("Digit >= 5").spec()).isEqualTo("digit>=5");
    }

    @Test
    void refusesUnknownFormsAndOneClassTargets() {
        assertThatThrownBy(() -> DigitTarget.parse("digit>5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown target 'digit>5' (known: digit>=K, digit<K, even, odd, digits:a,b,... with digits 0 "
                        + "to 9)");
        assertThatThrownBy(() -> DigitTarget.parse("digits:3,12")).hasMessageStartingWith("unknown target");
        assertThatThrownBy(() -> DigitTarget.parse("digit>=0"))
                .hasMessage("target 'digit>=0' puts every digit in one class (need both t = 0 and t = 1)");
    }
}
