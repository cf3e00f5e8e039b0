from django.urls import URLPattern, URLResolver, path

from amparo.volunteers import shift_views, views_training
from amparo.volunteers import views_recruit as recruit

app_name = "volunteers"
urlpatterns: list[URLPattern | URLResolver] = [
    # Recruitment and vetting (views_recruit.py)
    path("signups/", recruit.signup_list, name="signups"),
    path("signups/<int:pk>/", recruit.signup_detail, name="signup"),
    path("signups/<int:pk>/accept", recruit.signup_accept, name="signup_accept"),
    path("signups/<int:pk>/reject", recruit.signup_reject, name="signup_reject"),
    path("vouch/", recruit.vouch_list, name="vouch_list"),
    path("vouch/<int:pk>/", recruit.vouch, name="vouch"),
    path("members/<int:pk>/offboard", recruit.offboard, name="offboard"),
]

# Shifts (issue 14, item 5): the member's page, the admin's week board.
urlpatterns += [
    path("shifts/", shift_views.my_shifts, name="shifts"),
    path("shifts/<int:pk>/take/", shift_views.take, name="shift_take"),
    path("shifts/held/<int:pk>/drop/", shift_views.drop, name="shift_drop"),
    path("shifts/held/<int:pk>/check-in/", shift_views.check_in, name="shift_check_in"),
    path("shifts/held/<int:pk>/check-out/", shift_views.check_out, name="shift_check_out"),
    path("shifts/week/", shift_views.board, name="shifts_board"),
    path("shifts/held/<int:pk>/release/", shift_views.release, name="shift_release"),
    path("shifts/field/new/", shift_views.field_new, name="shift_field_new"),
    path("shifts/settings/", shift_views.settings_save, name="shift_settings"),
]

# Trainings and certifications (issue 14, items 3 and 4).
urlpatterns += [
    path("trainings/", views_training.training_list, name="training_list"),
    path("trainings/new", views_training.training_new, name="training_new"),
    path("trainings/<int:pk>/", views_training.attendance, name="training_attendance"),
    path("trainings/<int:pk>/invite.ics", views_training.invitation, name="training_ics"),
    path("trainings/<int:pk>/signup", views_training.signup, name="training_signup"),
    path("trainings/<int:pk>/leave", views_training.leave_seat, name="training_leave"),
    path("certifications/kinds/", views_training.kinds, name="kinds"),
    path("certifications/expiring/", views_training.expiring, name="certs_expiring"),
    path("my/trainings/", views_training.mine, name="my_trainings"),
]
