package dev.characterremix.request.constraints;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link NotBlankText}, stopping at the first visible character: a long prompt costs nothing more. */
public class NotBlankTextValidator implements ConstraintValidator<NotBlankText, CharSequence> {

    @Override
    public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length();) {
            int c = Character.codePointAt(text, i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && Character.getType(c) != Character.FORMAT) {
                return true;
            }
            i += Character.charCount(c);
        }
        return false;
    }
}
