# Chicago's network settings (sourced by bench/cities/run.sh after create_org): numbered streets
# south of Madison run at every 100 house numbers (26th Street is at 2600 S), and the short forms
# of names its callers use. What an admin would set in the organization's place settings.
$PY manage.py shell -c "
from amparo.orgs.models import Organization
Organization.objects.filter(slug='$CITY').update(
    address_grid=[{'direction': 'S', 'every': 100, 'start': 0}],
    place_abbreviations={'f4l': 'food 4 less'})
"
