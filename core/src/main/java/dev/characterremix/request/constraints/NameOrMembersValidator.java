package dev.characterremix.request.constraints;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import dev.characterremix.request.ColorPalette;

/** Checks {@link NameOrMembers}; an empty members list counts as absent. */
public class NameOrMembersValidator implements ConstraintValidator<NameOrMembers, ColorPalette> {

    @Override
    public boolean isValid(ColorPalette palette, ConstraintValidatorContext context) {
        if (palette == null) {
            return true;
        }
        boolean hasMembers = palette.members() != null && !palette.members().isEmpty();
        return (palette.name() != null) != hasMembers;
    }
}
