from django.urls import URLPattern, URLResolver, path

from amparo.legal import views

app_name = "legal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("incidents/<int:incident_id>/dossier.zip", views.incident_dossier, name="incident_dossier"),
    path("cases/<int:pk>/dossier.zip", views.case_dossier, name="case_dossier"),
]
