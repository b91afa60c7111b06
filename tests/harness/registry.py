"""What every route of the portal promises, for the access matrix (``test_access_matrix.py``).

Every named URL pattern needs an entry, or the matrix fails naming the route and what to add here. Most
entries are one line, because the expectation is derived from the scope layer rather than typed per role:

- ``read("app.Model")``: a page or endpoint showing one object (``pk`` in the URL). Allowed where
  ``accounts.scopes.visible`` finds the object, 404 elsewhere.
- ``write("app.Model")``: a form or action changing one object. Allowed where ``scopes.editable`` finds it,
  403 where it is only visible, 404 where it is out of sight. GET (the form) and POST (empty: a refused
  form, or the action, rolled back after the request) are both checked.
- ``listing()``: a page or endpoint every signed-in account may open (its rows are scoped; the scope tests
  check which). ``roles=`` limits it to some roles (403 for the others).
- ``create(roles=...)``: a form creating something without an object in the URL: allowed for ``roles``
  (and superusers), 403 for the others.
- ``own("app.Model", owner=...)``: an object that belongs to one account (a notification, a token):
  allowed for its owner, 404 for everyone else.
- ``myself()``: pages about the signed-in account itself; ``public()``: pages for everyone, signed in or
  not (checked for no server error only).

Anonymous visitors are sent to the sign-in page (web) or answered 401 (API) on every route that is not
public. API routes of DRF viewsets need no entry unless the default is wrong: the matrix reads their model
from the viewset and treats GET as ``read`` and other methods as ``write`` (list and create: ``listing``).

``allowed=`` replaces the scope rule where a route asks more than the scope (a role, a state): a function
``(user, obj) -> bool``; ``sees=`` does the same for seeing (a model without a scope rule).
``missing_ok=True`` accepts a 404 from an allowed account (a file not uploaded).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.models import Role
from accounts.services import can_reset_password_of


@dataclass(frozen=True)
class Route:
    kind: str  # public, myself, listing, create, read, write, own
    model: str | None = None  # "app_label.Model" of the object in the URL
    kwargs: Callable | None = None  # obj -> URL kwargs (default: {"pk": obj.pk})
    roles: frozenset[str] | None = None  # listing/create: who may
    allowed: Callable | None = None  # (user, obj) -> bool: may change, instead of scopes.editable
    sees: Callable | None = None  # (user, obj) -> bool: may see, instead of scopes.visible
    owner: str | None = None  # own: the lookup from the object to its account
    missing_ok: bool = False
    samples: Callable | None = None  # world -> objects, instead of the world's samples of the model
    reads_on_get: bool = False  # write: the page shows the object to whoever sees it; POST changes it
    static_kwargs: dict | None = None  # URL kwargs for a route without an object


def public(**options) -> Route:
    return Route("public", **options)


def myself(**options) -> Route:
    return Route("myself", **options)


def listing(roles=None, **options) -> Route:
    return Route("listing", roles=frozenset(roles) if roles else None, **options)


def create(roles=(), **options) -> Route:
    """Allowed for ``roles`` (and superusers), or where ``allowed(user, None)`` says."""
    return Route("create", roles=frozenset(roles), **options)


def read(model: str, **options) -> Route:
    return Route("read", model=model, **options)


def write(model: str, **options) -> Route:
    return Route("write", model=model, **options)


def own(model: str, owner: str, **options) -> Route:
    return Route("own", model=model, owner=owner, **options)


def _roles(*roles) -> frozenset[str]:
    return frozenset(roles)


def _signed_in(user, obj=None) -> bool:
    return user.is_authenticated


def _may_configure_reviews(user, obj=None) -> bool:
    from reviews.services.cycles import may_configure

    return may_configure(user)


NODE_MANAGERS = _roles(Role.STREET_SECRETARY, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER)


def _has_two_factor(user, obj=None) -> bool:
    from accounts.selectors import has_two_factor

    return has_two_factor(user=user)


def _may_record_activities(user, obj=None) -> bool:
    from alliances.selectors.activities import alliances_for_activities

    return alliances_for_activities(user=user).exists()


def _may_create_meeting(user, alliance) -> bool:
    from alliances.services.meetings import can_create_meeting

    return can_create_meeting(user, alliance)


def _may_edit_problem(user, problem) -> bool:
    """What a problem is, who answers for it and its deadline: the alliance's managers; whoever is responsible
    only reports progress."""
    from alliances.services.problems import can_edit_problem

    return can_edit_problem(user, problem)


def _keeps_lists(user, obj=None) -> bool:
    from ledgers.selectors.lists import can_keep_lists

    return can_keep_lists(user)


def _keeps_project_of(user, responsibility) -> bool:
    from accounts import scopes

    return scopes.can_change(user, responsibility.project)


def _may_inspect(user, obj=None) -> bool:
    from reviews.views.records import inspection_nodes

    return inspection_nodes(user).exists()


def _may_start_evaluation(user, obj=None) -> bool:
    from reviews.views.evaluations import street_choices

    return street_choices(user).exists()


def _may_add_items(user, evaluation) -> bool:
    """The street manages the items; each member unit's admin adds the items of its own unit."""
    from accounts import scopes
    from reviews.services.evaluations import can_manage
    from reviews.views.evaluations import units_of

    unit_ids = scopes.scope_of(user).unit_ids
    return can_manage(user, evaluation) or units_of(evaluation).filter(pk__in=unit_ids).exists()


def _represents(user, evaluation) -> bool:
    from reviews.services.evaluations import representative_of

    return representative_of(user, evaluation) is not None


def _may_file_zero_report(user, task) -> bool:
    from reviews.services.records import may_file_zero_report

    return hasattr(task, "zero_report") or may_file_zero_report(user, task)


def _zero_report_duties(world):
    return world.sample("reviews.ReviewTask", cycle__kind="zero_report")


def _may_add_household(user, stairwell) -> bool:
    from accounts import scopes
    from grids.models import Household

    return scopes.can_create_under(user, stairwell, roles=Household.scope_rule.write_roles)


def _stairwells(world):
    return world.sample("grids.Node", kind="stairwell")


def _may_create_organisation(user, obj=None) -> bool:
    from organisations.services import can_create_organisation

    return can_create_organisation(user)


def _photo_kwargs(photo) -> dict:
    return {"pk": photo.activity_id, "photo_pk": photo.pk}


def _communities(world):
    return world.sample("grids.Node", kind="community")


def _sees_wish(user, wish) -> bool:
    from accounts import scopes

    return scopes.can_view(user, wish)


def _accepted_wishes(world):
    return world.sample("wishes.Wish", status="accepted")


def _dispatched_wishes(world):
    return world.sample("wishes.Wish", status="dispatched")


def _sees_venue(user, venue) -> bool:
    from sharing.selectors.venues import may_see_venue

    return bool(getattr(user, "is_authenticated", False)) and may_see_venue(user, venue)


def _books_venue(user, venue) -> bool:
    return venue.is_active and _sees_venue(user, venue)


def _sees_booking(user, booking) -> bool:
    from accounts.scopes import can_view

    return booking.booker_id == user.pk or can_view(user, booking)


def _decides_booking(user, booking) -> bool:
    from sharing.services.bookings import may_decide

    return may_decide(user, booking)


def _cancels_booking(user, booking) -> bool:
    return booking.booker_id == user.pk or _decides_booking(user, booking)


def _sees_posting(user, posting) -> bool:
    from sharing.selectors.jobs import may_see_posting

    return bool(getattr(user, "is_authenticated", False)) and may_see_posting(user, posting)


def _refers_to_posting(user, posting) -> bool:
    from sharing.services.jobs import may_refer

    return may_refer(user, posting)


def _publishes_postings(user, obj=None) -> bool:
    from accounts.scopes import editable
    from units.models import MemberUnit

    return editable(user, MemberUnit.objects.all()).exists()


def _records_trainings(user, obj=None) -> bool:
    from sharing.selectors.jobs import training_nodes

    return training_nodes(user=user).exists()


def _records_class_check_ins(user, obj=None) -> bool:
    from sharing.selectors.classes import class_workers

    return class_workers(user=user).exists()


def _is_community_worker(user, obj=None) -> bool:
    from django.utils import timezone

    from sharing.services.classes import worker_duty

    return worker_duty(getattr(user, "person", None), timezone.localdate()) is not None


def _records_compounds(user, obj=None) -> bool:
    from accounts.scopes import editable
    from grids.models import Node

    return editable(user, Node.objects.filter(kind=Node.Kind.COMMUNITY)).exists()


def _decides_referral(user, referral) -> bool:
    return _refers_to_posting(user, referral.posting)


def _manages_wish(user, wish) -> bool:
    from wishes.services.wishes import can_manage

    return can_manage(user, wish)


def _progresses_wish(user, wish) -> bool:
    from wishes.services.wishes import can_progress

    return can_progress(user, wish)


def _sees_contact(user, wish) -> bool:
    from wishes.services.wishes import can_see_contact

    return can_see_contact(user, wish)


def _claims_wish(user, wish) -> bool:
    from wishes.services.wishes import claimant

    return claimant(user, wish) is not None


def _sees_to_claim(user, wish) -> bool:
    from wishes.views.staff import claim_sees

    return claim_sees(user, wish)


def _enters_wishes(user, obj=None) -> bool:
    from wishes.views.staff import may_enter

    return may_enter(user)


def _adds_menu_items(user, obj=None) -> bool:
    from wishes.views.staff import may_create_item

    return may_create_item(user)


def _sees_post(user, post) -> bool:
    from volunteers.selectors import may_see_post

    return may_see_post(user, post)


def _sees_shift(user, shift) -> bool:
    return _sees_post(user, shift.post)


def _manages_post(user, post) -> bool:
    from volunteers.services import may_manage_post

    return may_manage_post(user, post)


def _manages_open_post(user, post) -> bool:
    return post.is_open and _manages_post(user, post)


def _publishes_posts(user, obj=None) -> bool:
    from volunteers.selectors import post_nodes

    return post_nodes(user=user).exists()


def _sees_claim(user, claim) -> bool:
    from volunteers.selectors import may_see_claim

    return bool(getattr(user, "is_authenticated", False)) and may_see_claim(user, claim)


def _withdraws_claim(user, claim) -> bool:
    from volunteers.services import may_withdraw

    return may_withdraw(user, claim)


def _teams(world):
    return world.sample(
        "organisations.PartyOrganisation", kind__in=("commando_team", "service_team", "temporary_branch")
    )


ROUTES: dict[str, Route] = {
    # --- the site ---------------------------------------------------------------------------------------
    "home": listing(),
    "login": public(),
    "logout": public(),
    "password_reset": public(),
    "password_reset_done": public(),
    "password_reset_confirm": public(static_kwargs={"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": public(),
    "set_language": public(),
    "healthz": public(),
    "favicon": public(),
    "calendar_feed": public(static_kwargs={"token": "not-a-secret"}),
    "api_token": public(),
    "schema": myself(),
    "api_docs": myself(),
    # --- accounts ---------------------------------------------------------------------------------------
    "accounts:profile": myself(),
    "accounts:password_change": myself(),
    "accounts:api_token_create": myself(),
    "accounts:api_token_revoke": own("knox.AuthToken", owner="user", kwargs=lambda t: {"token_key": t.token_key}),
    "accounts:two_factor_setup": myself(),
    "accounts:two_factor_qr": myself(missing_ok=True),  # 404 until a set-up has started
    "accounts:two_factor_verify": myself(),
    "accounts:backup_codes_renew": myself(allowed=_has_two_factor),  # new codes for an authenticator set up
    "accounts:two_factor_disable": myself(),
    "accounts:person_password_reset": write(
        "people.Person",
        kwargs=lambda p: {"person_pk": p.pk},
        allowed=lambda user, person: can_reset_password_of(user, person),
        samples=lambda world: world.people_with_accounts(),
    ),
    # --- the tree, units, people ------------------------------------------------------------------------
    "grids:tree": listing(),
    "grids:households": listing(),
    "grids:node": read("grids.Node"),
    "grids:edit": write("grids.Node"),
    "grids:add_child": write("grids.Node"),
    "grids:household_add": write("grids.Node", samples=_stairwells, allowed=_may_add_household),
    "grids:household_edit": write("grids.Household"),
    "grids:household_delete": write("grids.Household"),
    "units:list": listing(),
    "units:detail": read("units.MemberUnit"),
    "units:edit": write("units.MemberUnit"),
    "people:list": listing(),
    "people:detail": read("people.Person"),
    "people:edit": write("people.Person"),
    "people:add": write("grids.Household", kwargs=lambda h: {"household_pk": h.pk}),
    # --- party organisations ----------------------------------------------------------------------------
    "organisations:list": listing(),
    "organisations:export": listing(static_kwargs={"fmt": "xlsx"}),
    "organisations:members_export": listing(static_kwargs={"fmt": "xlsx"}),
    "organisations:create": create(allowed=_may_create_organisation),
    "organisations:detail": read("organisations.PartyOrganisation"),
    "organisations:edit": write("organisations.PartyOrganisation"),
    "organisations:member_add": write("organisations.PartyOrganisation"),
    "organisations:member_end": write("organisations.OrganisationMembership"),
    "organisations:person": read("people.Person"),
    # --- alliances --------------------------------------------------------------------------------------
    "ledgers:index": listing(),
    "ledgers:needs": listing(),
    "ledgers:need_create": create(NODE_MANAGERS),
    "ledgers:need": read("ledgers.Need"),
    "ledgers:need_edit": write("ledgers.Need"),
    "ledgers:need_status": write("ledgers.Need"),
    "ledgers:need_match": write("ledgers.Need"),
    "ledgers:resources": listing(),
    "ledgers:resource_create": create(NODE_MANAGERS),
    "ledgers:resource": read("ledgers.Resource"),
    "ledgers:resource_edit": write("ledgers.Resource"),
    "ledgers:projects": listing(),
    "ledgers:project_create": create(NODE_MANAGERS),
    "ledgers:project": read("ledgers.Project"),
    "ledgers:project_edit": write("ledgers.Project"),
    "ledgers:project_status": write("ledgers.Project"),
    "ledgers:milestone_add": write("ledgers.Project"),
    "ledgers:responsibility_create": write("ledgers.Project"),
    "ledgers:milestone_reach": write("ledgers.Milestone"),
    "ledgers:responsibilities": listing(),
    "ledgers:responsibility": read("ledgers.Responsibility"),
    "ledgers:responsibility_edit": write("ledgers.Responsibility", allowed=_keeps_project_of),
    "ledgers:responsibility_complete": write("ledgers.Responsibility"),
    "ledgers:excel": listing(),
    "ledgers:export": listing(static_kwargs={"dataset": "needs", "fmt": "xlsx"}),
    "imports:upload": create(allowed=_keeps_lists, static_kwargs={"key": "ledger-needs"}),
    "imports:template": create(allowed=_keeps_lists, static_kwargs={"key": "ledger-needs"}),
    "imports:run": listing(static_kwargs={"token": "0" * 32}, missing_ok=True),
    "imports:confirm": listing(static_kwargs={"token": "0" * 32}, missing_ok=True),
    "imports:progress": listing(static_kwargs={"token": "0" * 32}, missing_ok=True),
    "ledgers:contact_points": listing(),
    "ledgers:contact_point_create": create(NODE_MANAGERS),
    "ledgers:contact_point": read("ledgers.ContactPoint"),
    "ledgers:contact_log_add": write("ledgers.ContactPoint"),
    "ledgers:secretary_projects": listing(),
    "ledgers:secretary_project_create": create(NODE_MANAGERS),
    "ledgers:secretary_project": read("ledgers.SecretaryProject"),
    "ledgers:secretary_project_edit": write("ledgers.SecretaryProject"),
    "ledgers:secretary_project_step": write("ledgers.SecretaryProject"),
    "alliances:list": listing(),
    "alliances:create": create(NODE_MANAGERS),
    "alliances:detail": read("alliances.Alliance"),
    "alliances:edit": write("alliances.Alliance"),
    "alliances:rules_file": read("alliances.Alliance", missing_ok=True),
    "alliances:member_join": write("alliances.Alliance"),
    "alliances:member_edit": write("alliances.Membership"),
    "alliances:member_leave": write("alliances.Membership"),
    "alliances:committee_create": write("alliances.Alliance"),
    "alliances:committee_edit": write("alliances.Committee"),
    "alliances:committee_delete": write("alliances.Committee"),
    "alliances:terms": read("alliances.Alliance"),
    "alliances:meeting_create": write("alliances.Alliance", allowed=_may_create_meeting),
    "alliances:problem_create": write("alliances.Alliance"),
    "alliances:meetings": listing(),
    "alliances:meeting": read("alliances.JointMeeting"),
    "alliances:meeting_edit": write("alliances.JointMeeting"),
    "alliances:meeting_confirm": write("alliances.JointMeeting"),
    "alliances:meeting_cancel": write("alliances.JointMeeting"),
    "alliances:meeting_attendance": write("alliances.JointMeeting"),
    "alliances:meeting_minutes": write("alliances.JointMeeting"),
    "alliances:problems": listing(),
    "alliances:problem": read("alliances.TrackedProblem"),
    "alliances:problem_edit": write("alliances.TrackedProblem", allowed=_may_edit_problem),
    "alliances:problem_progress": write("alliances.TrackedProblem"),
    "alliances:inbox": listing(),
    "alliances:activities": listing(),
    "alliances:activity_create": create(allowed=_may_record_activities),
    "alliances:activity": read("alliances.Activity"),
    "alliances:activity_edit": write("alliances.Activity"),
    "alliances:activity_photo_add": write("alliances.Activity"),
    "alliances:activity_photo": read("alliances.ActivityPhoto", kwargs=_photo_kwargs),
    "alliances:activity_photo_delete": write("alliances.ActivityPhoto", kwargs=_photo_kwargs),
    "alliances:four_ones": listing(),
    "api:four-ones-list": listing(),
    "api:tracked-problem-detail": write("alliances.TrackedProblem", allowed=_may_edit_problem),
    "alliances:calendar_link_create": myself(),
    "alliances:calendar_link_revoke": own("alliances.CalendarFeed", owner="user"),
    "alliances:exports": listing(),
    "alliances:export": listing(static_kwargs={"dataset": "meetings", "fmt": "xlsx"}),
    # --- exports and pickers --------------------------------------------------------------------------------
    "exports:job": own("exports.ExportJob", owner="owner"),
    "exports:progress": own("exports.ExportJob", owner="owner"),
    "exports:file": own("exports.ExportJob", owner="owner"),
    "picker": listing(static_kwargs={"name": "alliance"}),
    # --- notifications ----------------------------------------------------------------------------------
    "notifications:list": myself(),
    "notifications:open": own("notifications.Notification", owner="recipient"),
    "notifications:read": own("notifications.Notification", owner="recipient"),
    "notifications:read_all": myself(),
    "notifications:preferences": myself(),
    "notifications:policies": create(_roles(Role.CITY_OFFICE)),
    "api:notification-list": myself(),
    "api:notification-read-all": myself(),
    "api:notification-detail": own("notifications.Notification", owner="recipient"),
    "api:notification-read": own("notifications.Notification", owner="recipient"),
    # --- reviews ----------------------------------------------------------------------------------------
    "reviews:calendar": listing(),
    "reviews:duties": listing(),
    "reviews:task": read("reviews.ReviewTask"),
    "reviews:cycles": listing(),
    "reviews:cycle_create": create(_roles(Role.CITY_OFFICE)),
    "reviews:cycle": write("reviews.ReviewCycle", sees=_signed_in, allowed=_may_configure_reviews, reads_on_get=True),
    "reviews:checklist": listing(),
    "reviews:checklist_toggle": write("reviews.ChecklistItem", sees=_signed_in, allowed=_may_configure_reviews),
    "reviews:visits": listing(),
    "reviews:visit_create": create(NODE_MANAGERS),
    "reviews:visit": read("reviews.Visit"),
    "reviews:inspections": listing(),
    "reviews:inspection_create": create(allowed=_may_inspect),
    "reviews:inspection": read("reviews.Inspection"),
    "reviews:rectification_done": write("reviews.Rectification"),
    "reviews:zero_reports": listing(),
    "reviews:zero_report": read("reviews.ZeroReport"),
    "reviews:zero_report_file": write("reviews.ReviewTask", samples=_zero_report_duties, allowed=_may_file_zero_report),
    "reviews:evaluations": listing(),
    "reviews:evaluation_create": create(allowed=_may_start_evaluation),
    "reviews:evaluation": read("reviews.Evaluation"),
    "reviews:item_add": write("reviews.Evaluation", allowed=_may_add_items),
    "reviews:representative_add": write("reviews.Evaluation"),
    "reviews:evaluation_open": write("reviews.Evaluation"),
    "reviews:evaluation_rate": write("reviews.Evaluation", allowed=_represents),
    "reviews:evaluation_publish": write("reviews.Evaluation"),
    "api:review-cycle-detail": write("reviews.ReviewCycle", sees=_signed_in, allowed=_may_configure_reviews),
    # --- wishes: the public pages (no account), the staff's pages -----------------------------------------
    "wishes:start": public(),
    "wishes:community": public(model="grids.Node", samples=_communities),
    "wishes:submit": public(model="grids.Node", samples=_communities),
    "wishes:track": public(),
    "wishes:tracked": public(static_kwargs={"code": "NOTACODE"}),
    "wishes:rate": public(static_kwargs={"code": "NOTACODE"}),
    "wishes:reopen": public(static_kwargs={"code": "NOTACODE"}),
    "wishes:mine": myself(),
    "open311:discovery": public(static_kwargs={"fmt": "xml"}),
    "open311:root": public(),
    "open311:services": public(static_kwargs={"fmt": "json"}),
    "open311:service": public(static_kwargs={"code": "menu-1", "fmt": "xml"}),
    "open311:requests": public(static_kwargs={"fmt": "xml"}),
    "open311:request": public(model="wishes.Wish", kwargs=lambda w: {"pk": w.pk, "fmt": "json"}),
    "open311:token": public(static_kwargs={"token": "NOTATOKEN", "fmt": "json"}),
    "wishes:list": listing(),
    "wishes:create": create(allowed=_enters_wishes),
    "wishes:claimable": listing(),
    "wishes:detail": read("wishes.Wish"),
    "wishes:contact": write("wishes.Wish", allowed=_sees_contact),
    "wishes:photo": read("wishes.Wish", missing_ok=True),
    "wishes:event_photo": read(
        "wishes.WishEvent",
        kwargs=lambda e: {"pk": e.wish_id, "event_pk": e.pk},
        sees=lambda user, event: _sees_wish(user, event.wish),
        missing_ok=True,
    ),
    "wishes:accept": write("wishes.Wish", allowed=_manages_wish),
    "wishes:decline": write("wishes.Wish", allowed=_manages_wish),
    "wishes:merge": write("wishes.Wish", allowed=_manages_wish),
    "wishes:dispatch": write("wishes.Wish", allowed=_manages_wish),
    "wishes:claim": write("wishes.Wish", sees=_sees_to_claim, allowed=_claims_wish, samples=_accepted_wishes),
    "wishes:progress": write("wishes.Wish", allowed=_progresses_wish, samples=_dispatched_wishes),
    "wishes:complete": write("wishes.Wish", allowed=_progresses_wish, samples=_dispatched_wishes),
    "wishes:menu": listing(),
    "wishes:replies": listing(),
    "wishes:item_create": create(allowed=_adds_menu_items),
    "wishes:item": read("wishes.ServiceItem"),
    "wishes:item_edit": write("wishes.ServiceItem"),
    "wishes:question_add": write("wishes.ServiceItem"),
    "api:wish-triage": write("wishes.Wish", allowed=_manages_wish),
    "api:wish-dispatch": write("wishes.Wish", allowed=_manages_wish),
    "api:wish-claim": write("wishes.Wish", sees=_sees_to_claim, allowed=_claims_wish, samples=_accepted_wishes),
    "api:wish-progress": write("wishes.Wish", allowed=_progresses_wish, samples=_dispatched_wishes),
    "api:wish-complete": write("wishes.Wish", allowed=_progresses_wish, samples=_dispatched_wishes),
    "api:wish-rate": write("wishes.Wish", allowed=_manages_wish),
    "api:wish-reopen": write("wishes.Wish", allowed=_manages_wish),
    "api:wish-contact": write("wishes.Wish", allowed=_sees_contact),
    # --- sharing: venues (a directory to every signed-in account), bookings ------------------------------
    "sharing:venues": listing(),
    "sharing:venue": read("sharing.Venue", sees=_sees_venue),
    "sharing:venue_book": write("sharing.Venue", sees=_sees_venue, allowed=_books_venue, reads_on_get=False),
    "sharing:open_day_add": write("sharing.Venue", sees=_sees_venue),
    "sharing:bookings": listing(),
    "sharing:booking_decide": write("sharing.Booking", sees=_sees_booking, allowed=_decides_booking),
    "sharing:booking_cancel": write("sharing.Booking", sees=_sees_booking, allowed=_cancels_booking),
    "api:venue-list": listing(),
    "api:venue-detail": read("sharing.Venue", sees=_sees_venue),
    "api:booking-list": listing(),
    "api:booking-detail": read("sharing.Booking", sees=_sees_booking),
    "api:booking-approve": write("sharing.Booking", sees=_sees_booking, allowed=_decides_booking),
    "api:booking-decline": write("sharing.Booking", sees=_sees_booking, allowed=_decides_booking),
    "api:booking-cancel": write("sharing.Booking", sees=_sees_booking, allowed=_cancels_booking),
    "sharing:venues_export": listing(static_kwargs={"fmt": "xlsx"}),
    "sharing:bookings_export": listing(static_kwargs={"fmt": "xlsx"}),
    # --- sharing: job postings (open ones a directory), referrals, training, the 8:30 class, figures -------
    "sharing:jobs": listing(),
    "sharing:jobs_export": listing(static_kwargs={"fmt": "xlsx"}),
    "sharing:job_add": create(allowed=_publishes_postings),
    "sharing:job": read("sharing.JobPosting", sees=_sees_posting),
    "sharing:job_edit": write("sharing.JobPosting", sees=_sees_posting),
    "sharing:job_refer": write("sharing.JobPosting", sees=_sees_posting, allowed=_refers_to_posting, reads_on_get=True),
    "sharing:referrals": listing(),
    "sharing:referrals_export": listing(static_kwargs={"fmt": "xlsx"}),
    "sharing:referral_outcome": write("sharing.JobReferral", allowed=_decides_referral),
    "sharing:trainings": listing(),
    "sharing:trainings_export": listing(static_kwargs={"fmt": "xlsx"}),
    "sharing:training_add": create(allowed=_records_trainings),
    "sharing:training": read("sharing.Training"),
    "sharing:training_edit": write("sharing.Training"),
    "sharing:training_attendance": write("sharing.Training"),
    "sharing:class": listing(),
    "sharing:class_check_in": myself(allowed=_is_community_worker),
    "sharing:class_record": create(allowed=_records_class_check_ins),
    "sharing:class_export": listing(static_kwargs={"fmt": "xlsx"}),
    "sharing:figures": listing(),
    "api:job-posting-detail": write("sharing.JobPosting", sees=_sees_posting),
    "api:job-posting-referrals": write("sharing.JobPosting", sees=_sees_posting, allowed=_refers_to_posting),
    "api:job-referral-outcome": write("sharing.JobReferral", allowed=_decides_referral),
    # --- old compounds (pages under /sharing/compounds/) ---------------------------------------------------
    "compounds:list": listing(),
    "compounds:export": listing(static_kwargs={"fmt": "xlsx"}),
    "compounds:add": create(allowed=_records_compounds),
    "compounds:detail": read("compounds.Compound"),
    "compounds:edit": write("compounds.Compound"),
    "compounds:property": write("compounds.Compound", reads_on_get=True),
    "compounds:package": write("compounds.Package", reads_on_get=True),
    # --- volunteers: posts (a directory to every signed-in account), reports, service, one's own page ---------
    "volunteers:posts": listing(),
    "volunteers:post_create": create(allowed=_publishes_posts),
    "volunteers:post": read("volunteers.Post", sees=_sees_post),
    "volunteers:shifts_add": write("volunteers.Post", sees=_sees_post, allowed=_manages_open_post),
    "volunteers:post_close": write("volunteers.Post", sees=_sees_post, allowed=_manages_post),
    "volunteers:shift_claim": write("volunteers.Shift", sees=_sees_shift, allowed=_sees_shift),
    "volunteers:shift_code": write("volunteers.Shift"),
    "volunteers:shift_hours": write("volunteers.Shift"),
    "volunteers:claims": listing(),
    "volunteers:claim_withdraw": write("volunteers.Claim", sees=_sees_claim, allowed=_withdraws_claim),
    "volunteers:check_in": myself(),
    "volunteers:records": listing(),
    "volunteers:record_decide": write("volunteers.ServiceRecord"),
    "volunteers:reports": listing(),
    "volunteers:report_create": myself(),
    "volunteers:report_decide": write("volunteers.DualReport"),
    "volunteers:roster": listing(),
    "volunteers:roster_export": listing(static_kwargs={"fmt": "xlsx"}),
    "volunteers:me": myself(),
    "volunteers:my_records": myself(),
    "volunteers:certificate_create": myself(),
    "volunteers:certificate": myself(missing_ok=True, static_kwargs={"code": "NOTACODE"}),
    "volunteers:verify": public(),
    "volunteers:verified": public(static_kwargs={"code": "NOTACODE"}),
    "volunteers:emergency": listing(),
    # the API: posts are the same directory; their actions are for those who run the post (else 403), a
    # claim is withdrawn by whoever may act for its person or runs its post
    "api:vanguard-post-detail": read("volunteers.Post", sees=_sees_post),
    "api:vanguard-post-shifts": write("volunteers.Post", sees=_sees_post, allowed=_manages_post),
    "api:vanguard-post-code": write("volunteers.Post", sees=_sees_post, allowed=_manages_post),
    "api:vanguard-post-close": write("volunteers.Post", sees=_sees_post, allowed=_manages_post),
    "api:claim-withdraw": write("volunteers.Claim", allowed=_withdraws_claim),
    "api:team-detail": write("organisations.PartyOrganisation", samples=_teams),
    "api:team-members": write("organisations.PartyOrganisation", samples=_teams),
    # --- the API's own -----------------------------------------------------------------------------------
    "api:api-root": myself(),
    "api:me": myself(),
    "api:password_change": myself(),
    "api:token-list": myself(),
    "api:token-detail": own("knox.AuthToken", owner="user", kwargs=lambda t: {"token_key": t.token_key}),
}
