package dev.scorch.autograd;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Recording on and off: {@link GradMode#noGrad()} and {@link GradMode#enableGrad()} scopes. */
@SuppressWarnings("try") // the scopes act by being opened and closed, never referenced
class GradModeTest {

    private static boolean records(Variable x) {
        Variable y = x.mul(2.0).exp();
        return y.requiresGrad() && y.gradFn() != null;
    }

    @Test
    void recordingIsOnByDefault() {
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(records(Leaves.param(1, 3))).isTrue();
    }

    @Test
    void noGradRecordsNothing() {
        Variable x = Leaves.param(1, 3);
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertThat(GradMode.isEnabled()).isFalse();
            assertThat(records(x)).isFalse();
            assertThat(Variable.cat(0, x, x).gradFn()).isNull();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(records(x)).isTrue();
    }

    @Test
    void noGradScopesNest() {
        Variable x = Leaves.param(1, 3);
        try (GradMode.Scope outer = GradMode.noGrad()) {
            try (GradMode.Scope inner = GradMode.noGrad()) {
                assertThat(records(x)).isFalse();
            }
            assertThat(GradMode.isEnabled()).isFalse();
            assertThat(records(x)).isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void enableGradInsideNoGradRecordsUntilClosed() {
        Variable x = Leaves.param(1, 3);
        try (GradMode.Scope off = GradMode.noGrad(); GradMode.Scope off2 = GradMode.noGrad()) {
            try (GradMode.Scope on = GradMode.enableGrad()) {
                assertThat(records(x)).isTrue();
                try (GradMode.Scope offAgain = GradMode.noGrad()) {
                    assertThat(records(x)).isFalse();
                }
                assertThat(records(x)).isTrue();
            }
            assertThat(records(x)).isFalse();
        }
        assertThat(records(x)).isTrue();
    }

    @Test
    void closingAScopeTwiceChangesNothing() {
        GradMode.Scope outer = GradMode.noGrad();
        GradMode.Scope inner = GradMode.noGrad();
        inner.close();
        inner.close();
        assertThat(GradMode.isEnabled()).isFalse();
        outer.close();
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void modeBelongsToTheThread() throws InterruptedException {
        AtomicBoolean otherThreadRecords = new AtomicBoolean();
        try (GradMode.Scope s = GradMode.noGrad()) {
            Thread t = new Thread(() -> otherThreadRecords.set(records(Leaves.param(1, 3))));
            t.start();
            t.join();
        }
        assertThat(otherThreadRecords).isTrue();
    }

    @Test
    void backwardRestoresTheMode() {
        Variable x = Leaves.param(1, 3);
        x.square().sum().backward();
        assertThat(GradMode.isEnabled()).isTrue();
        try (GradMode.Scope s = GradMode.noGrad()) {
            Variable y;
            try (GradMode.Scope on = GradMode.enableGrad()) {
                y = x.square().sum();
            }
            y.backward(null, false, true);
            assertThat(GradMode.isEnabled()).isFalse();
        }
    }
}
