"""Person keys across naming cultures, and their completion across an archive."""

from pressextract.keys import canonical_keys, key_parts, person_key, slug


def test_mofa_capitals_and_running_text_give_one_key():
    # people.py reads "KISHIDA Fumio" as family Kishida, given Fumio: the same fields as "Fumio Kishida".
    assert person_key("Kishida", "Fumio", "JP", "Fumio Kishida") == "kishida-fumio-jp"


def test_release_without_given_name_gives_the_core():
    assert person_key("Kishida", None, "JP", "Kishida") == "kishida-jp"


def test_initials_and_generational_suffix_are_dropped():
    assert person_key("Biden", "Joseph R.", "US", "Joseph R. Biden, Jr.") == person_key("Biden", "Joseph", "US", "Joseph Biden")


def test_only_the_first_given_name_counts():
    assert person_key("Ruto", "William Samoei", "KE") == "ruto-william-ke"


def test_family_first_name_keeps_the_whole_given_name():
    assert person_key("Kim", "Jong Un", "KP", "Kim Jong Un") == "kim-jong-un-kp"
    assert person_key("Yoon", "Suk Yeol", "KR", "Yoon Suk Yeol") == "yoon-suk-yeol-kr"


def test_family_first_name_read_given_first_is_turned_round():
    # Without a country the split cannot know Chinese order; a known surname first tells it.
    assert person_key("Jinping", "Xi", None, "Xi Jinping") == "xi-jinping"


def test_western_given_name_that_is_also_a_surname_stays_given():
    assert person_key("Anderson", "Lee", "GB", "Lee Anderson") == "anderson-lee-gb"


def test_particles_join_the_family_name_whatever_the_split():
    split_late = person_key("der Leyen", "Ursula von", None, "Ursula von der Leyen")
    split_right = person_key("von der Leyen", "Ursula", None, "Ursula von der Leyen")
    assert split_late == split_right == "von-der-leyen-ursula"


def test_patronymic_particle_belongs_to_the_family_name():
    assert person_key("bin Salman", "Mohammed", "SA") == "bin-salman-mohammed-sa"
    assert person_key("Salman", "Mohammed bin", "SA") == "bin-salman-mohammed-sa"


def test_portuguese_particle_surname():
    assert person_key("da Silva", "Luiz Inácio Lula", "BR") == "da-silva-luiz-br"


def test_spanish_double_surname_files_under_the_first():
    full = person_key("Obrador", "Andrés Manuel López", "MX", "Andrés Manuel López Obrador")
    both_as_family = person_key("López Obrador", "Andrés Manuel", "MX")
    assert full == both_as_family == "lopez-andres-mx"
    assert person_key("Sánchez", "Pedro", "ES") == "sanchez-pedro-es"


def test_double_surname_rule_only_in_countries_that_use_it():
    assert person_key("Obrador", "Andrés Manuel López", "US") == "obrador-andres-us"


def test_regnal_number_is_part_of_the_key():
    assert person_key("Charles", None, "GB", "Charles III") == "charles-iii-gb"
    assert person_key("Abdullah", None, "JO", "Abdullah II") == "abdullah-ii-jo"


def test_accents_apostrophes_and_case_fold():
    assert person_key("Erdoğan", "Recep Tayyip", "TR") == "erdogan-recep-tr"
    assert person_key("O’Brien", "Robert", "us") == person_key("O'Brien", "Robert", "US") == "obrien-robert-us"
    assert slug("Łukasz Søren") == "lukasz-soren"


def test_unnamed_person_has_no_key():
    assert person_key(None, None, "EG") is None


def test_core_is_family_and_country():
    parts = key_parts("Kishida", "Fumio", "JP")
    assert (parts.core, parts.key) == ("kishida-jp", "kishida-fumio-jp")


def test_archive_completes_a_partial_key_with_the_only_full_key():
    people = [{"family_name": "Kishida", "given_name": "Fumio", "country": "JP"},
              {"family_name": "Kishida", "given_name": None, "country": "JP"}]
    assert canonical_keys(people) == {"kishida-jp": "kishida-fumio-jp"}


def test_archive_leaves_an_ambiguous_partial_key_alone():
    people = [{"family_name": "Li", "given_name": "Qiang", "country": "CN", "name": "Li Qiang"},
              {"family_name": "Li", "given_name": "Keqiang", "country": "CN", "name": "Li Keqiang"},
              {"family_name": "Li", "given_name": None, "country": "CN", "name": "Li"}]
    assert canonical_keys(people) == {}


def test_short_form_of_a_given_name_is_written_out():
    assert person_key("Biden", "Joe", "US") == person_key("Biden", "Joseph R.", "US") == "biden-joseph-us"
    assert person_key("Sullivan", "Jake", "US") == "sullivan-jacob-us"


def test_transliteration_variants_of_a_given_name_agree():
    assert person_key("Lavrov", "Sergey", "RU") == person_key("Lavrov", "Sergei", "RU")
