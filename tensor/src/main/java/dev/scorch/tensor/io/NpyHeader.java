package dev.scorch.tensor.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The header of a .npy file: a Python dict literal such as
 * <pre>
 *   {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }
 * </pre>
 * NumPy writes it with {@code repr} and reads it with {@code ast.literal_eval}, so a reader must accept any spelling
 * of the same literal: single or double quotes, any key order, whitespace anywhere, a trailing comma, the tuple forms
 * {@code ()} and {@code (3,)}, and the {@code 3L} integers of files written by Python 2. The parser here accepts that
 * subset of Python literals (strings, integers, True, False, None, tuples, lists and dicts) and nothing else.
 *
 * @param descr        the dtype string, e.g. {@code <f4}; null when the header describes a structured dtype
 * @param fortranOrder whether the data is stored column-major
 * @param shape        the dimensions
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /**
     * Parses a header.
     *
     * @param file names the file in error messages
     * @throws TensorFileException when the text is not a dict literal with exactly the keys descr, fortran_order and
     *                             shape, of the right types
     */
    static NpyHeader parse(String text, String file) throws TensorFileException {
        Object value;
        try {
            LiteralParser p = new LiteralParser(text);
            p.skipSpace();
            value = p.value(0);
            p.skipSpace();
            if (p.pos < text.length()) {
                throw p.error("unexpected text after the dict");
            }
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(file + ": header is not a valid Python dict literal: " + e.getMessage()
                    + ": " + text.strip());
        }
        if (!(value instanceof Map<?, ?> dict) || !dict.keySet().equals(KEYS)) {
            throw new TensorFileException(file + ": header must be a dict with exactly the keys 'descr', "
                    + "'fortran_order' and 'shape', got " + text.strip());
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String) && !(descr instanceof List<?>)) {
            throw new TensorFileException(file + ": header 'descr' must be a dtype string, got " + descr);
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new TensorFileException(file + ": header 'fortran_order' must be True or False, got "
                    + dict.get("fortran_order"));
        }
        long[] shape = shape(dict.get("shape"));
        if (shape == null) {
            throw new TensorFileException(file + ": header 'shape' must be a tuple of non-negative integers, got "
                    + dict.get("shape"));
        }
        return new NpyHeader(descr instanceof String s ? s : null, fortran, shape);
    }

    private static long[] shape(Object value) {
        if (!(value instanceof Tuple tuple)) {
            return null;
        }
        long[] dims = new long[tuple.items.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(tuple.items.get(i) instanceof Long l) || l < 0) {
                return null;
            }
            dims[i] = l;
        }
        return dims;
    }

    /** The header text as NumPy writes it, before padding: {@code {'descr': '<f4', 'fortran_order': False, ...}}. */
    String format() {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': "
                + tupleRepr(shape) + ", }";
    }

    /** Python's repr of a tuple of ints: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String tupleRepr(long[] dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.fortranOrder == fortranOrder && Arrays.equals(h.shape, shape)
                && Objects.equals(h.descr, descr);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(descr, fortranOrder) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return format();
    }

    /** A Python tuple, kept apart from lists because a shape must be a tuple. */
    private record Tuple(List<Object> items) {
        @Override
        public String toString() {
            return items.size() == 1 ? "(" + items.get(0) + ",)"
                    : "(" + items.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** Python's None, distinct from every string. */
    private enum PyNone {
        NONE;

        @Override
        public String toString() {
            return "None";
        }
    }

    private static final class LiteralParser {
        private static final int MAX_DEPTH = 64;
        private final String s;
        private int pos;

        LiteralParser(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested too deeply");
            }
            char c = peek();
            switch (c) {
                case '{':
                    return dict(depth);
                case '(':
                    return new Tuple(sequence(')', depth));
                case '[':
                    return sequence(']', depth);
                case '\'':
                case '"':
                    return string(c);
                default:
                    if (c == '-' || c == '+' || Character.isDigit(c)) {
                        return integer();
                    }
                    if (Character.isLetter(c)) {
                        return word();
                    }
                    throw error(pos >= s.length() ? "expected a value, found the end" : "unexpected '" + c + "'");
            }
        }

        private Map<Object, Object> dict(int depth) {
            Map<Object, Object> map = new LinkedHashMap<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return map;
                }
                Object key = value(depth + 1);
                if (map.containsKey(key)) {
                    throw error("duplicate key " + key);
                }
                skipSpace();
                if (peek() != ':') {
                    throw error("expected ':' after key " + key);
                }
                pos++;
                skipSpace();
                map.put(key, value(depth + 1));
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' in dict");
                }
            }
        }

        private List<Object> sequence(char close, int depth) {
            List<Object> items = new ArrayList<>();
            pos++;
            boolean comma = false;
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    // Python reads "(3)" as the integer 3; only "(3,)" is a one-element tuple.
                    if (close == ')' && items.size() == 1 && !comma) {
                        throw error("(x) is not a tuple; a one-element tuple is written (x,)");
                    }
                    return items;
                }
                items.add(value(depth + 1));
                skipSpace();
                comma = peek() == ',';
                if (comma) {
                    pos++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
        }

        private String string(char quote) {
            int start = pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != quote) {
                char c = s.charAt(pos++);
                if (c == '\\' || c == '\n') {
                    throw error("escapes and line breaks in strings are not supported");
                }
                sb.append(c);
            }
            if (pos >= s.length()) {
                pos = start;
                throw error("unterminated string");
            }
            pos++;
            return sb.toString();
        }

        private Long integer() {
            int start = pos;
            if (peek() == '-' || peek() == '+') {
                pos++;
            }
            int digits = pos;
            while (Character.isDigit(peek())) {
                pos++;
            }
            if (pos == digits) {
                throw error("expected digits");
            }
            String text = s.substring(start, pos);
            if (peek() == 'L' || peek() == 'l') {
                pos++;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("integer " + text + " out of range");
            }
        }

        private Object word() {
            int start = pos;
            while (Character.isLetterOrDigit(peek()) || peek() == '_') {
                pos++;
            }
            String w = s.substring(start, pos);
            switch (w) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return PyNone.NONE;
                default:
                    pos = start;
                    throw error("unknown name '" + w + "'");
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String problem) {
            return new IllegalArgumentException(problem + " at column " + (pos + 1));
        }
    }
}
