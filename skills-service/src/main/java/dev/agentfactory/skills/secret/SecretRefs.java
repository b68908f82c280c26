package dev.agentfactory.skills.secret;

import java.util.regex.Pattern;

/** Names of secrets, e.g. {@code agent-bridge.serviceKey.default} or {@code telegram.botToken.support-en}. */
public final class SecretRefs {

    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$";
    public static final String MESSAGE = "must be 1-200 characters of A-Z a-z 0-9 . _ : - starting with a letter or digit";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private SecretRefs() {
    }

    public static boolean valid(String ref) {
        return ref != null && COMPILED.matcher(ref).matches();
    }

    public static String telegramBotToken(String agentKey) {
        return "telegram.botToken." + agentKey;
    }
}
