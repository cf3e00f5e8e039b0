from django.urls import URLPattern, URLResolver, path

from amparo.volunteers import views_training

app_name = "volunteers"
urlpatterns: list[URLPattern | URLResolver] = []

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
