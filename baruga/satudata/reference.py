"""Reference rows written by migration 0001: the licences (CKAN's ids) and the topics (the urusan
pemerintahan of UU 23/2014). Plain data: the migration imports it, so edit with a new migration."""

import uuid

# (id, title, url, is_open) — CKAN's default licence ids, plus the 4.0 Creative Commons ones.
LICENSES = [
    ("cc-by-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/", True),
    ("cc-by-sa-4.0", "Creative Commons Attribution Share-Alike 4.0",
     "https://creativecommons.org/licenses/by-sa/4.0/", True),
    ("cc-zero", "Creative Commons CCZero", "https://opendefinition.org/licenses/cc-zero/", True),
    ("cc-by", "Creative Commons Attribution", "https://opendefinition.org/licenses/cc-by/", True),
    ("cc-by-sa", "Creative Commons Attribution Share-Alike", "https://opendefinition.org/licenses/cc-by-sa/", True),
    ("odc-by", "Open Data Commons Attribution License", "https://opendefinition.org/licenses/odc-by/", True),
    ("odc-odbl", "Open Data Commons Open Database License (ODbL)",
     "https://opendefinition.org/licenses/odc-odbl/", True),
    ("odc-pddl", "Open Data Commons Public Domain Dedication and License (PDDL)",
     "https://opendefinition.org/licenses/odc-pddl/", True),
    ("other-open", "Other (Open)", "", True),
    ("other-pd", "Other (Public Domain)", "", True),
    ("other-at", "Other (Attribution)", "", True),
    ("cc-nc", "Creative Commons Non-Commercial (Any)", "https://creativecommons.org/licenses/by-nc/2.0/", False),
    ("other-nc", "Other (Non-Commercial)", "", False),
    ("other-closed", "Other (Not Open)", "", False),
    ("notspecified", "License not specified", "", False),
]

def group_id(name):
    """A topic group's id, the same on every installation and after every restore (a name-based UUID), so
    that a backup's rows land on the rows the migration already made instead of clashing with them."""
    return uuid.uuid5(GROUP_NAMESPACE, name)


GROUP_NAMESPACE = uuid.UUID("6f1c2f0e-4a7b-5d2e-9c3a-1b2a3c4d5e6f")

# (name, title) — urusan pemerintahan (UU 23/2014 Pasal 12 and 14) plus general government.
GROUPS = [
    ("pendidikan", "Pendidikan"),
    ("kesehatan", "Kesehatan"),
    ("pekerjaan-umum-penataan-ruang", "Pekerjaan Umum dan Penataan Ruang"),
    ("perumahan-kawasan-permukiman", "Perumahan Rakyat dan Kawasan Permukiman"),
    ("ketenteraman-ketertiban-umum", "Ketenteraman, Ketertiban Umum dan Pelindungan Masyarakat"),
    ("sosial", "Sosial"),
    ("tenaga-kerja", "Tenaga Kerja"),
    ("pemberdayaan-perempuan-perlindungan-anak", "Pemberdayaan Perempuan dan Pelindungan Anak"),
    ("pangan", "Pangan"),
    ("pertanahan", "Pertanahan"),
    ("lingkungan-hidup", "Lingkungan Hidup"),
    ("administrasi-kependudukan", "Administrasi Kependudukan dan Pencatatan Sipil"),
    ("pemberdayaan-masyarakat-desa", "Pemberdayaan Masyarakat dan Desa"),
    ("pengendalian-penduduk-kb", "Pengendalian Penduduk dan Keluarga Berencana"),
    ("perhubungan", "Perhubungan"),
    ("komunikasi-informatika", "Komunikasi dan Informatika"),
    ("koperasi-ukm", "Koperasi, Usaha Kecil dan Menengah"),
    ("penanaman-modal", "Penanaman Modal"),
    ("kepemudaan-olahraga", "Kepemudaan dan Olahraga"),
    ("statistik", "Statistik"),
    ("persandian", "Persandian"),
    ("kebudayaan", "Kebudayaan"),
    ("perpustakaan", "Perpustakaan"),
    ("kearsipan", "Kearsipan"),
    ("kelautan-perikanan", "Kelautan dan Perikanan"),
    ("pariwisata", "Pariwisata"),
    ("pertanian", "Pertanian"),
    ("kehutanan", "Kehutanan"),
    ("energi-sumber-daya-mineral", "Energi dan Sumber Daya Mineral"),
    ("perdagangan", "Perdagangan"),
    ("perindustrian", "Perindustrian"),
    ("transmigrasi", "Transmigrasi"),
    ("pemerintahan-keuangan", "Pemerintahan Umum dan Keuangan Daerah"),
]
