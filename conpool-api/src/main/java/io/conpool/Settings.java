package io.conpool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of {@link Setting} descriptors: the settings of {@link PoolConfig} or of a protocol
 * handler. It finds settings by name and by flag, rejects unknown names (suggesting the nearest known
 * one), selects a prefix's keys from properties or maps, and writes help text; every surface that
 * reads settings from text goes through it.
 *
 * <pre>{@code
 * private static final Settings.Declaration DECLARE = Settings.declare("http2");
 * static final Setting<Integer> MAX_STREAMS = DECLARE.add(Setting.ofInt("maxStreams", 100, 1, 10_000).withDoc("..."));
 * public static final Settings SETTINGS = DECLARE.done();
 * }</pre>
 */
public final class Settings {
    private final String owner;
    private final List<Setting<?>> list;
    private final Map<String, Setting<?>> byName;

    private Settings(String owner, List<Setting<?>> list) {
        this.owner = owner;
        this.list = Collections.unmodifiableList(list);
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        for (Setting<?> s : list) {
            m.put(s.name(), s);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /**
     * Starts a declaration; {@link Declaration#add} gives each setting its position.
     *
     * @param owner what the settings belong to, for messages ({@code PoolConfig}, {@code http2})
     * @return the declaration
     */
    public static Declaration declare(String owner) {
        return new Declaration(owner);
    }

    /** Collects settings in order, then {@link #done()} makes the list. Not thread-safe: use in a static initialiser. */
    public static final class Declaration {
        private final String owner;
        private final List<Setting<?>> list = new ArrayList<>();
        private boolean done;

        private Declaration(String owner) {
            this.owner = owner;
        }

        /**
         * @param setting a setting not yet declared anywhere
         * @param <T>     its type
         * @return the setting as declared here (with its {@link Setting#index()}); keep this one
         * @throws IllegalStateException after {@link #done()}, or for a duplicate name
         */
        public <T> Setting<T> add(Setting<T> setting) {
            if (done) {
                throw new IllegalStateException("settings of " + owner + " are already complete");
            }
            for (Setting<?> s : list) {
                if (s.name().equals(setting.name())) {
                    throw new IllegalStateException("duplicate setting " + setting.name() + " in " + owner);
                }
            }
            Setting<T> placed = setting.at(list.size());
            list.add(placed);
            return placed;
        }

        /** @return the complete list */
        public Settings done() {
            done = true;
            return new Settings(owner, new ArrayList<>(list));
        }
    }

    /** @return what the settings belong to */
    public String owner() {
        return owner;
    }

    /** @return every setting, in declaration (documentation) order */
    public List<Setting<?>> list() {
        return list;
    }

    /** @return every name, in order */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * @param setting a setting
     * @return whether it is one of this list's own (as returned by {@link Declaration#add})
     */
    public boolean contains(Setting<?> setting) {
        int i = setting.index();
        return i >= 0 && i < list.size() && list.get(i) == setting;
    }

    /**
     * @param name a setting name
     * @return the setting, or {@code null}
     */
    public Setting<?> find(String name) {
        return name == null ? null : byName.get(name);
    }

    /**
     * @param name a setting name
     * @return the setting
     * @throws InvalidConfigException if no setting has that name; the message suggests the nearest
     *                                known name and lists them all
     */
    public Setting<?> get(String name) {
        Setting<?> s = find(name);
        if (s == null) {
            throw unknown(name, name);
        }
        return s;
    }

    /**
     * @param key  the key as the user wrote it (with its prefix)
     * @param name the name it stands for
     * @return the exception for an unknown setting
     */
    InvalidConfigException unknown(String key, String name) {
        String near = nearest(name, byName.keySet());
        return new InvalidConfigException(name, "Invalid config: unknown setting '" + key + "'"
                + (near == null ? "" : "; did you mean '" + near + "'?") + "; known settings: " + names() + " (" + owner + ")");
    }

    /**
     * @param flag a command-line flag such as {@code --max-idle-time}
     * @return the setting, or {@code null}
     */
    public Setting<?> byFlag(String flag) {
        for (Setting<?> s : list) {
            if (s.flag().equals(flag)) {
                return s;
            }
        }
        return null;
    }

    /** @return a new array holding each setting's default at its index */
    public Object[] defaults() {
        Object[] v = new Object[list.size()];
        for (Setting<?> s : list) {
            v[s.index()] = s.defaultValue();
        }
        return v;
    }

    /**
     * The entries of a map that belong to these settings: keys {@code prefix + name}. Keys under the
     * prefix that contain a further dot belong to something else (an endpoint, a handler) and are
     * skipped; any other key under the prefix must name a setting.
     *
     * @param map    keys and raw values
     * @param prefix the prefix, may be empty or null
     * @return setting name to raw value, in the map's order
     * @throws InvalidConfigException for a key under the prefix that names no setting
     */
    public Map<String, Object> select(Map<String, ?> map, String prefix) {
        String p = prefix == null ? "" : prefix;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(p)) {
                continue;
            }
            String name = key.substring(p.length());
            if (name.isEmpty() || name.indexOf('.') >= 0) {
                continue;
            }
            if (find(name) == null) {
                throw unknown(key, name);
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    /**
     * @param values values at each setting's index
     * @return {@code name=value, ...} with secrets masked
     */
    public String describe(Object[] values) {
        StringBuilder sb = new StringBuilder();
        for (Setting<?> s : list) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.name()).append('=').append(s.show(values[s.index()]));
        }
        return sb.toString();
    }

    /**
     * @param title the first line
     * @return one line per flag: the flag, its placeholder, its documentation and default
     */
    public String helpText(String title) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (Setting<?> s : list) {
            sb.append(String.format("  %-36s %s (default: %s)%n", s.flag() + "=" + s.placeholder(), s.doc(),
                    s.show(s.defaultValue())));
        }
        return sb.toString();
    }

    /**
     * @param name  an unknown name
     * @param known the known names
     * @return the known name closest to it (case-insensitive edit distance at most a third of its
     *         length, at least 2), or {@code null}
     */
    public static String nearest(String name, Collection<String> known) {
        if (name == null) {
            return null;
        }
        String best = null;
        int bestDistance = Math.max(2, name.length() / 3) + 1;
        for (String k : known) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Override
    public String toString() {
        return owner + " settings " + names();
    }
}
