"""Files are checked by content: a PDF is a PDF, whatever its name; size is limited."""

import pytest
from django.core.exceptions import ValidationError

from cohorte.calls.files import MEGABYTE, check_pdf, check_pdf_content, clean_name
from tests.calls.conftest import EXECUTABLE, make_pdf, upload


def test_a_real_pdf_gives_its_page_count():
    assert check_pdf(upload(pages=3), 10 * MEGABYTE) == 3


def test_digest_and_name_of_a_checked_pdf():
    content = make_pdf()
    checked = check_pdf_content(upload("../../etc/Mon CV\x00.pdf", content), MEGABYTE)
    assert checked.original_name == "Mon CV.pdf"
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def test_a_renamed_executable_is_refused():
    with pytest.raises(ValidationError) as error:
        check_pdf(upload("cv.pdf", EXECUTABLE), MEGABYTE)
    assert error.value.messages == [
        "Le fichier « cv.pdf » n'est pas un PDF : son contenu ne correspond pas à un document "
        "PDF, quel que soit son nom. Enregistrez votre document au format PDF puis déposez-le "
        "à nouveau."
    ]


def test_an_oversized_file_is_refused_before_reading_it_all():
    with pytest.raises(ValidationError) as error:
        check_pdf(upload("cv.pdf", make_pdf() + b"%" * MEGABYTE), MEGABYTE)
    assert error.value.messages == ["Le fichier « cv.pdf » dépasse la taille maximale de 1 Mo."]


def test_a_damaged_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        check_pdf(upload("cv.pdf", b"%PDF-1.7\n garbage without any object"), MEGABYTE)
    assert error.value.messages == [
        "Le fichier « cv.pdf » est un PDF illisible ou endommagé : enregistrez-le à nouveau "
        "au format PDF puis déposez-le."
    ]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        check_pdf(upload("cv.pdf", b""), MEGABYTE)
    assert error.value.messages == ["Le fichier « cv.pdf » est vide."]


def test_clean_name_keeps_only_the_file_name():
    assert clean_name("C:\\Users\\moi\\CV final.pdf") == "CV final.pdf"
    assert clean_name("") == "document.pdf"
