package org.audifleet.waveform.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The command line of {@code bin/waveform}: options as {@code -x VALUE}, {@code -xVALUE}, {@code -x=VALUE},
 * {@code --name VALUE} or {@code --name=VALUE}, and flags. Hand-written rather than picocli, which took ~170 ms
 * to build this command's model at every start (its classes cannot go into the class-data-sharing archive),
 * most of a short file's run (waveform-service/README.md, "bin/waveform").
 */
final class OptionParser {

    /** A usage error: exit 2, one line naming it. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** @param label the value's name in help, or null for a flag */
    record Option(List<String> names, String label, String description) {
        String longName() {
            return names.get(names.size() - 1);
        }

        String synopsis() {
            return longName() + (label == null ? "" : "=" + label);
        }
    }

    /** What one command line said: the last value of each option given, by long name. */
    static final class Parsed {
        private final Map<String, String> values = new HashMap<>();

        boolean has(String longName) {
            return values.containsKey(longName);
        }

        String string(String longName, String otherwise) {
            return values.getOrDefault(longName, otherwise);
        }

        Integer integer(String longName, Integer otherwise) {
            String v = values.get(longName);
            try {
                return v == null ? otherwise : Integer.valueOf(v);
            } catch (NumberFormatException e) {
                throw new UsageException("Invalid value for option '" + longName + "': '" + v + "' is not an int");
            }
        }

        Double number(String longName, Double otherwise) {
            String v = values.get(longName);
            try {
                return v == null ? otherwise : Double.valueOf(v);
            } catch (NumberFormatException e) {
                throw new UsageException("Invalid value for option '" + longName + "': '" + v + "' is not a number");
            }
        }
    }

    /**
     * Runs one command line the way every {@code bin/waveform} command does: 0 done; 1 the input could not be read
     * or the output written ({@code Error: ...} on {@code err}); 2 a usage error, one line naming it.
     */
    static int run(PrintWriter out, PrintWriter err, String command, Callable<Integer> body) {
        try {
            return body.call();
        } catch (UsageException e) {
            err.println(command + ": " + e.getMessage() + " (try --help)");
            return 2;
        } catch (Exception e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private final List<Option> options = new ArrayList<>();

    OptionParser flag(String description, String... names) {
        options.add(new Option(List.of(names), null, description));
        return this;
    }

    OptionParser value(String label, String description, String... names) {
        options.add(new Option(List.of(names), label, description));
        return this;
    }

    Parsed parse(String[] args, String... required) {
        Parsed parsed = new Parsed();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            Option option = find(arg);
            if (option == null && arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
                option = find(name);
            } else if (option == null && arg.startsWith("-") && !arg.startsWith("--") && arg.length() > 2) {
                name = arg.substring(0, 2);
                value = arg.substring(arg.charAt(2) == '=' ? 3 : 2);
                option = find(name);
            }
            if (option == null) {
                throw new UsageException(arg.startsWith("-") ? "Unknown option: '" + name + "'"
                        : "Unmatched argument at index " + i + ": '" + arg + "'");
            }
            if (option.label() == null) {
                if (value != null) {
                    throw new UsageException("option '" + option.longName() + "' takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("Missing required parameter for option '" + option.longName() + "' ("
                            + option.label() + ")");
                }
                value = args[++i];
            }
            parsed.values.put(option.longName(), value);
        }
        if (parsed.has("--help") || parsed.has("--version")) {
            return parsed;
        }
        List<String> missing = new ArrayList<>();
        for (String r : required) {
            if (!parsed.has(r)) {
                missing.add("'" + find(r).synopsis() + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageException("Missing required option" + (missing.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", missing));
        }
        return parsed;
    }

    private Option find(String name) {
        for (Option o : options) {
            if (o.names().contains(name)) {
                return o;
            }
        }
        return null;
    }

    /** The help text: synopsis, description, one entry per option with its description wrapped to 80 columns. */
    String usage(String synopsis, String description) {
        StringBuilder s = new StringBuilder("Usage: ").append(synopsis).append('\n');
        wrap(s, description, 0, 0);
        int column = 29;
        for (Option o : options) {
            String shortName = o.names().size() > 1 ? o.names().get(0) + ", " : "    ";
            String head = "  " + shortName + o.synopsis();
            s.append(head);
            if (head.length() + 2 > column) {
                s.append('\n').append(" ".repeat(column));
            } else {
                s.append(" ".repeat(column - head.length()));
            }
            wrap(s, o.description(), column, column);
        }
        return s.toString();
    }

    private static void wrap(StringBuilder s, String text, int firstUsed, int indent) {
        int used = firstUsed;
        boolean lineStart = true;
        for (String word : text.split(" ")) {
            if (!lineStart && used + 1 + word.length() > 80) {
                s.append('\n').append(" ".repeat(indent));
                used = indent;
                lineStart = true;
            }
            if (!lineStart) {
                s.append(' ');
                used++;
            }
            s.append(word);
            used += word.length();
            lineStart = false;
        }
        s.append('\n');
    }
}
