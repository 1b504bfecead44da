package dev.characterremix.request.constraints;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/** Checks {@link ImageReference} under the {@link ImageReferencePolicy} passed as validator payload. */
public class ImageReferenceValidator implements ConstraintValidator<ImageReference, String> {

    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/webp");

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        ImageReferencePolicy policy = policy(context);
        String problem = value.regionMatches(true, 0, "data:", 0, 5)
                ? dataUriProblem(value, policy)
                : urlProblem(value, policy);
        if (problem == null) {
            return true;
        }
        if (!problem.isEmpty()) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        }
        return false;
    }

    private static ImageReferencePolicy policy(ConstraintValidatorContext context) {
        ImageReferencePolicy policy = context.unwrap(HibernateConstraintValidatorContext.class)
                .getConstraintValidatorPayload(ImageReferencePolicy.class);
        return policy == null ? ImageReferencePolicy.DEFAULT : policy;
    }

    /** Null when acceptable, "" for the default message, otherwise the specific rule broken. */
    private static String urlProblem(String value, ImageReferencePolicy policy) {
        if (value.isBlank()) {
            return "";
        }
        if (value.length() > policy.maxUrlLength()) {
            return "must be at most " + policy.maxUrlLength() + " characters";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !policy.allowHttp()) {
            return "must use https (plain http is not allowed)";
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials";
        }
        return null;
    }

    private static String dataUriProblem(String value, ImageReferencePolicy policy) {
        int comma = value.indexOf(',');
        String header = comma < 0 ? "" : value.substring(5, comma).toLowerCase(Locale.ROOT);
        if (!header.endsWith(";base64") || !IMAGE_TYPES.contains(header.substring(0, header.length() - 7))) {
            return "must be a base64 data: URI of image/png, image/jpeg or image/webp";
        }
        int payloadLength = value.length() - comma - 1;
        long decodedBytes = payloadLength / 4L * 3;
        if (decodedBytes > policy.maxDataUriBytes()) {
            return "must decode to at most " + policy.maxDataUriBytes() + " bytes";
        }
        if (payloadLength == 0 || payloadLength % 4 != 0 || !isBase64(value, comma + 1)) {
            return "must carry valid base64 data";
        }
        return null;
    }

    private static boolean isBase64(String value, int from) {
        int end = value.length();
        while (end > from && value.charAt(end - 1) == '=' && value.length() - end < 2) {
            end--;
        }
        for (int i = from; i < end; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
