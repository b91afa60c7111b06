from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.selectors import ChannelRow


def field_name(kind_key: str, channel: str) -> str:
    return f"{kind_key.replace('.', '__')}--{channel}"


class PreferencesForm(forms.Form):
    """One pair of checkboxes (e-mail, SMS) per kind of duty; a channel the city office requires is shown
    ticked and cannot be unticked."""

    def __init__(self, *args, rows: list[ChannelRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            for channel, label, on, required in (
                ("email", _("E-mail"), row.email, row.email_required),
                ("sms", _("SMS"), row.sms, row.sms_required),
            ):
                self.fields[field_name(row.kind.key, channel)] = forms.BooleanField(
                    label=label, required=False, initial=on or required, disabled=required
                )

    def choices(self) -> list[dict]:
        """Returns {kind, email, sms} per kind, as chosen (required channels stay on)."""
        return [
            {
                "kind": row.kind.key,
                "email": bool(self.cleaned_data[field_name(row.kind.key, "email")]) or row.email_required,
                "sms": bool(self.cleaned_data[field_name(row.kind.key, "sms")]) or row.sms_required,
            }
            for row in self.rows
        ]

    def bound_rows(self) -> list[tuple[ChannelRow, forms.BoundField, forms.BoundField]]:
        return [(r, self[field_name(r.kind.key, "email")], self[field_name(r.kind.key, "sms")]) for r in self.rows]


POLICY_FIELDS = {
    "email_required": _("E-mail required"),
    "sms_required": _("SMS required"),
    "email_default": _("E-mail by default"),
    "sms_default": _("SMS by default"),
}


class PoliciesForm(forms.Form):
    """The city office's channels per kind of duty: required, and on by default."""

    def __init__(self, *args, policies, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = [kind for kind, _policy in policies]
        for kind, policy in policies:
            defaults = {
                "email_required": False,
                "sms_required": False,
                "email_default": kind.email,
                "sms_default": kind.sms,
            }
            for name, label in POLICY_FIELDS.items():
                value = getattr(policy, name) if policy else defaults[name]
                self.fields[field_name(kind.key, name)] = forms.BooleanField(label=label, required=False, initial=value)

    def choices(self) -> list[dict]:
        return [
            {"kind": k.key, **{n: bool(self.cleaned_data[field_name(k.key, n)]) for n in POLICY_FIELDS}}
            for k in self.kinds
        ]

    def bound_rows(self):
        return [(k, [self[field_name(k.key, n)] for n in POLICY_FIELDS]) for k in self.kinds]
