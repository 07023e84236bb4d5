"""The invitation pages, included in the web's URL namespace (web/urls.py): `web:staff`, ..."""

from django.urls import path

from secondopinion.invitations import views

urlpatterns = [
    path("team/", views.staff, name="staff"),
    path(
        "team/uitnodigingen/<int:invitation_id>/intrekken/",
        views.staff_invitation_revoke_view,
        name="staff-invitation-revoke",
    ),
    path("team/<int:user_id>/deactiveren/", views.staff_deactivate_view, name="staff-deactivate"),
    path("team/<int:user_id>/activeren/", views.staff_reactivate_view, name="staff-reactivate"),
    path(
        "mijn-gegevens/vertegenwoordigers/uitnodigen/",
        views.representative_invitations,
        name="representative-invitations",
    ),
    path(
        "mijn-gegevens/vertegenwoordigers/uitnodigingen/<int:representative_invitation_id>/beeindigen/",
        views.representative_invitation_revoke_view,
        name="representative-invitation-revoke",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
