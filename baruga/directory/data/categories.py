"""Default complaint categories with their authority (kewenangan) level.

Pure data, no Django imports; seeded once, then edited by an administrator.
Routing follows UU 23/2014 as summarised in the domain reference, "Authority (kewenangan)
routing".

Each node is a dict:

- ``slug``: lowercase ASCII with hyphens, unique across the whole tree;
- ``name``: label in Bahasa Indonesia;
- ``authority``: ``"national"``, ``"province"``, ``"regency"``, or ``None`` for a pure grouping
  parent (and for the catch-all leaf "Lainnya", which the verifying admin classifies by hand);
- ``children``: list of child nodes (empty for a leaf).

A leaf names the responsible OPD with one key:

- authority ``"province"``: ``"province_agency"`` = exact ``name`` from
  ``sulsel.PROVINCE_AGENCIES``;
- authority ``"regency"``: ``"regency_agency"`` = ``short_name`` of a
  ``sulsel.REGENCY_AGENCY_TEMPLATES`` entry (resolved in the regency/city of the report);
- authority ``"national"``: no agency key; the report is transferred to the national system
  (SP4N-LAPOR!).
"""


def _leaf(slug, name, authority, province_agency=None, regency_agency=None):
    node = {"slug": slug, "name": name, "authority": authority, "children": []}
    if province_agency is not None:
        node["province_agency"] = province_agency
    if regency_agency is not None:
        node["regency_agency"] = regency_agency
    return node


def _group(slug, name, children):
    return {"slug": slug, "name": name, "authority": None, "children": children}


CATEGORIES = [
    _group(
        "jalan",
        "Jalan dan Jembatan",
        [
            _leaf("jalan-nasional", "Jalan nasional", "national"),
            _leaf(
                "jalan-provinsi",
                "Jalan provinsi",
                "province",
                province_agency="Dinas Bina Marga dan Bina Konstruksi",
            ),
            _leaf(
                "jalan-kabupaten-kota",
                "Jalan kabupaten/kota",
                "regency",
                regency_agency="Dinas PUPR",
            ),
            _leaf("drainase-banjir", "Drainase dan genangan/banjir", "regency", regency_agency="Dinas PUPR"),
            _leaf("penerangan-jalan", "Penerangan jalan umum (PJU)", "regency", regency_agency="Dishub"),
        ],
    ),
    _group(
        "pendidikan",
        "Pendidikan",
        [
            _leaf(
                "pendidikan-sma-smk-slb",
                "SMA, SMK dan SLB",
                "province",
                province_agency="Dinas Pendidikan",
            ),
            _leaf(
                "pendidikan-sd-smp-paud",
                "SD, SMP dan PAUD",
                "regency",
                regency_agency="Disdik",
            ),
            _leaf("perguruan-tinggi", "Perguruan tinggi", "national"),
        ],
    ),
    _group(
        "kesehatan",
        "Kesehatan",
        [
            _leaf(
                "rsud-provinsi",
                "Rumah sakit milik Pemprov (RSUD provinsi)",
                "province",
                province_agency="Dinas Kesehatan",
            ),
            _leaf("puskesmas", "Puskesmas", "regency", regency_agency="Dinkes"),
            _leaf(
                "rsud-kabupaten-kota",
                "RSUD kabupaten/kota",
                "regency",
                regency_agency="Dinkes",
            ),
            _leaf("bpjs-kesehatan", "BPJS Kesehatan / JKN", "national"),
        ],
    ),
    _group(
        "administrasi-kependudukan",
        "Administrasi Kependudukan",
        [
            _leaf("ktp-el", "KTP elektronik (KTP-el)", "regency", regency_agency="Disdukcapil"),
            _leaf("kartu-keluarga", "Kartu Keluarga (KK)", "regency", regency_agency="Disdukcapil"),
            _leaf(
                "akta-catatan-sipil",
                "Akta kelahiran, kematian dan catatan sipil lainnya",
                "regency",
                regency_agency="Disdukcapil",
            ),
        ],
    ),
    _group(
        "perhubungan",
        "Perhubungan dan Terminal",
        [
            _leaf("terminal-tipe-a", "Terminal penumpang tipe A", "national"),
            _leaf(
                "terminal-tipe-b",
                "Terminal penumpang tipe B",
                "province",
                province_agency="Dinas Perhubungan",
            ),
            _leaf(
                "terminal-tipe-c",
                "Terminal penumpang tipe C",
                "regency",
                regency_agency="Dishub",
            ),
        ],
    ),
    _group(
        "lingkungan-hidup",
        "Lingkungan Hidup",
        [
            _leaf("sampah-kebersihan", "Sampah dan kebersihan", "regency", regency_agency="DLH"),
            _leaf(
                "pencemaran-lingkungan",
                "Pencemaran air, udara dan tanah",
                "regency",
                regency_agency="DLH",
            ),
        ],
    ),
    _group(
        "sosial",
        "Sosial",
        [
            _leaf("bantuan-sosial", "Bantuan sosial", "regency", regency_agency="Dinsos"),
            _leaf(
                "pmks",
                "Penyandang masalah kesejahteraan sosial (gelandangan, anak jalanan)",
                "regency",
                regency_agency="Dinsos",
            ),
        ],
    ),
    _group(
        "ketertiban",
        "Ketertiban Umum",
        [
            _leaf(
                "gangguan-ketertiban-umum",
                "Gangguan ketertiban umum dan ketenteraman",
                "regency",
                regency_agency="Satpol PP",
            ),
            _leaf(
                "pelanggaran-perda",
                "Pelanggaran peraturan daerah",
                "regency",
                regency_agency="Satpol PP",
            ),
        ],
    ),
    _group(
        "pelayanan-publik-provinsi",
        "Pelayanan Publik Provinsi",
        [
            _leaf(
                "perizinan-ptsp-provinsi",
                "Perizinan dan PTSP provinsi",
                "province",
                province_agency="Dinas Penanaman Modal dan PTSP",
            ),
        ],
    ),
    _group(
        "air-irigasi",
        "Air Bersih dan Irigasi",
        [
            _leaf(
                "irigasi-provinsi",
                "Irigasi kewenangan provinsi",
                "province",
                province_agency="Dinas SDA, Cipta Karya dan Tata Ruang",
            ),
            _leaf(
                "irigasi-kabupaten-kota",
                "Irigasi kewenangan kabupaten/kota",
                "regency",
                regency_agency="Dinas PUPR",
            ),
            _leaf("air-bersih", "Air bersih dan air minum", "regency", regency_agency="Dinas PUPR"),
        ],
    ),
    _group(
        "informasi-komunikasi",
        "Layanan Informasi dan Komunikasi",
        [
            _leaf(
                "layanan-informasi-publik",
                "Layanan informasi publik Pemprov",
                "province",
                province_agency="Dinas Komunikasi, Informatika, Statistik dan Persandian",
            ),
            _leaf(
                "situs-aplikasi-pemprov",
                "Situs web dan aplikasi Pemprov",
                "province",
                province_agency="Dinas Komunikasi, Informatika, Statistik dan Persandian",
            ),
        ],
    ),
    _leaf("lainnya", "Lainnya", None),
]
