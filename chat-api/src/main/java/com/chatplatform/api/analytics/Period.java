package com.chatplatform.api.analytics;

import com.chatplatform.api.platform.ApiException;
import com.chatplatform.api.platform.ErrorCode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * A period of whole UTC days, both ends included. Without {@code to} it ends today (UTC); without
 * {@code from} it covers the 30 days that end with {@code to}.
 */
public record Period(LocalDate from, LocalDate to) {
    public static final int MAX_DAYS = 366;
    public static final int DEFAULT_DAYS = 30;

    public static Period parse(String from, String to, LocalDate today) {
        LocalDate end = isBlank(to) ? today : day("to", to);
        LocalDate start = isBlank(from) ? end.minusDays(DEFAULT_DAYS - 1) : day("from", from);
        if (start.isAfter(end)) {
            throw new ApiException(ErrorCode.ANALYTICS_INVALID_PERIOD, "\"from\" (" + start + ") is after \"to\" (" + end + ").");
        }
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (days > MAX_DAYS) {
            throw new ApiException(ErrorCode.ANALYTICS_PERIOD_TOO_LONG,
                    "The period has " + days + " days; at most " + MAX_DAYS + " are allowed.");
        }
        return new Period(start, end);
    }

    public static LocalDate todayUtc() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    public int days() {
        return (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    private static LocalDate day(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.ANALYTICS_INVALID_PERIOD, "\"" + name + "\" must be a day as YYYY-MM-DD, not \""
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "\".");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
