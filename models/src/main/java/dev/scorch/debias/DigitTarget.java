package dev.scorch.debias;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A binary target attribute of MNIST digits, t = [digit ∈ S], written as one of
 * <pre>
 *   digit&gt;=K   S = {K, …, 9}          (the default, digit&gt;=5: t = 1 for 5 … 9)
 *   digit&lt;K    S = {0, …, K − 1}
 *   even, odd   S = {0, 2, 4, 6, 8} or {1, 3, 5, 7, 9}
 *   digits:a,b,…   S = {a, b, …}
 * </pre>
 *
 * @param spec   the definition as written above (normalised)
 * @param digits digits[d] is true when d ∈ S
 */
public record DigitTarget(String spec, boolean[] digits) {
    public static final String DEFAULT = "digit>=5";

    public DigitTarget {
        if (digits.length != 10) {
            throw new IllegalArgumentException("DigitTarget: expected 10 flags, got " + digits.length);
        }
        int in = 0;
        for (boolean b : digits) {
            in += b ? 1 : 0;
        }
        if (in == 0 || in == 10) {
            throw new IllegalArgumentException("target '" + spec + "' puts every digit in one class (need both t = 0 "
                    + "and t = 1)");
        }
    }

    /** Parses a definition (see the class comment); spaces are ignored. */
    public static DigitTarget parse(String s) {
        String n = s.replace(" ", "").toLowerCase(Locale.ROOT);
        boolean[] d = new boolean[10];
        try {
            if (n.startsWith("digit>=")) {
                int k = digit(n.substring(7));
                for (int i = k; i < 10; i++) {
                    d[i] = true;
                }
            } else if (n.startsWith("digit<")) {
                int k = digit(n.substring(6));
                for (int i = 0; i < k; i++) {
                    d[i] = true;
                }
            } else if (n.equals("even") || n.equals("odd")) {
                for (int i = n.equals("even") ? 0 : 1; i < 10; i += 2) {
                    d[i] = true;
                }
            } else if (n.startsWith("digits:")) {
                for (String part : n.substring(7).split(",")) {
                    d[digit(part)] = true;
                }
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown target '" + s + "' (known: digit>=K, digit<K, even, odd, "
                    + "digits:a,b,... with digits 0 to 9)");
        }
        return new DigitTarget(n, d);
    }

    /** t for a digit. */
    public boolean of(int digit) {
        return digits[digit];
    }

    /** The digits with t = 1. */
    public List<Integer> positives() {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (digits[i]) {
                p.add(i);
            }
        }
        return p;
    }

    private static int digit(String s) {
        int k = Integer.parseInt(s);
        if (k < 0 || k > 9) {
            throw new NumberFormatException();
        }
        return k;
    }
}
