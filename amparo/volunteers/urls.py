from django.urls import URLPattern, URLResolver, path

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
