package dev.scorch.data;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeDatasetTest {
    private static AttributeDataset four() {
        float[] px = new float[4 * 2 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = i / 16f;
        }
        return new AttributeDataset("four", Tensor.of(px, 4, 1, 2, 2), new boolean[] {false, false, true, true},
                new boolean[] {false, true, false, true});
    }

    @Test
    void cellsAreTwoTPlusG() {
        AttributeDataset d = four();
        assertThat(d.cellCounts()).containsExactly(1, 1, 1, 1);
        assertThat(d.cell(1)).isEqualTo(1);
        assertThat(d.cell(2)).isEqualTo(2);
        assertThat(d.byCell().labels().toLongArray()).containsExactly(0, 1, 2, 3);
        assertThat(d.byCell().classNames()).isEqualTo(AttributeDataset.CELLS);
    }

    @Test
    void selectsAndConcatenates() {
        AttributeDataset d = four();
        AttributeDataset s = d.select(new int[] {3, 3, 0});
        assertThat(s.t()).containsExactly(true, true, false);
        assertThat(s.images().select(0, 0).toFloatArray()).isEqualTo(d.images().select(0, 3).toFloatArray());
        AttributeDataset both = d.concat("both", s);
        assertThat(both.size()).isEqualTo(7);
        assertThat(both.cellCounts()).containsExactly(2, 1, 1, 3);
        assertThat(both.name()).isEqualTo("both");
        AttributeDataset rgb = new AttributeDataset("rgb", Tensor.zeros(DType.F32, 1, 3, 2, 2), new boolean[1],
                new boolean[1]);
        assertThatThrownBy(() -> d.concat("x", rgb)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AttributeDataset.concat: images [4, 1, 2, 2] and [1, 3, 2, 2] differ beyond the first "
                        + "axis");
    }

    @Test
    void attributesMustMatchTheImages() {
        assertThatThrownBy(() -> new AttributeDataset("x", Tensor.zeros(DType.F32, 2, 1, 2, 2), new boolean[2],
                new boolean[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AttributeDataset: expected 2 targets and groups, got 2 and 3");
    }
}
