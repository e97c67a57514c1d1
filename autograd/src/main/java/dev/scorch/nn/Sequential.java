package dev.scorch.nn;

import dev.scorch.autograd.Variable;

import java.util.ArrayList;
import java.util.List;

/** Layers applied in order, named "0", "1", ... in the state dict as in {@code torch.nn.Sequential}. */
public final class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        for (Layer l : layers) {
            add(l);
        }
    }

    /** Appends a layer. Returns this. */
    public Sequential add(Layer layer) {
        registerModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    public Layer get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Variable forward(Variable x) {
        Variable h = x;
        for (Layer l : layers) {
            h = l.forward(h);
        }
        return h;
    }
}
