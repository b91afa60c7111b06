from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Puts a service's ``ValidationError`` on the form, field by field where the field exists.

    The form then re-shows what was typed with the errors beside the fields.
    """
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
