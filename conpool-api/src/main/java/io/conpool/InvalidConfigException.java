package io.conpool;

/** A pool setting has a value it cannot take; the message names the setting, the value, and what is allowed. */
public class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String setting;

    /**
     * @param setting the setting's name, as in properties ({@code maxIdleTime})
     * @param message the full message
     */
    public InvalidConfigException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** @return the name of the offending setting */
    public String setting() {
        return setting;
    }
}
