"""Reference data for South Sulawesi (Kemendagri code 73).

Pure data, no Django imports. It seeds the directory (jurisdictions, agencies, districts);
after seeding, an administrator edits the records, because names and units change with
every reorganisation. Source: the domain reference, "Reference data: South Sulawesi".

- ``PROVINCE``: the provincial jurisdiction.
- ``REGENCIES``: the 24 regencies/cities with their Kemendagri codes; ``level`` is
  ``"regency"`` (kabupaten) or ``"city"`` (kota).
- ``PROVINCE_AGENCIES``: the provincial government's 53 units (a 2020 list), full name and
  a common abbreviation.
- ``REGENCY_AGENCY_TEMPLATES``: typical OPDs of a regency/city; ``{place}`` in ``name`` is
  replaced by the regency name without its "Kabupaten "/"Kota " prefix (see ``place_name``).
- ``DISTRICTS``: kecamatan per regency code, for the regencies where most reports come from
  (demo data, not all 313 kecamatan).
"""

PROVINCE = {"code": "73", "name": "Provinsi Sulawesi Selatan", "short_name": "Pemprov Sulsel"}

REGENCIES = [
    {"code": "73.01", "name": "Kabupaten Kepulauan Selayar", "level": "regency"},
    {"code": "73.02", "name": "Kabupaten Bulukumba", "level": "regency"},
    {"code": "73.03", "name": "Kabupaten Bantaeng", "level": "regency"},
    {"code": "73.04", "name": "Kabupaten Jeneponto", "level": "regency"},
    {"code": "73.05", "name": "Kabupaten Takalar", "level": "regency"},
    {"code": "73.06", "name": "Kabupaten Gowa", "level": "regency"},
    {"code": "73.07", "name": "Kabupaten Sinjai", "level": "regency"},
    {"code": "73.08", "name": "Kabupaten Bone", "level": "regency"},
    {"code": "73.09", "name": "Kabupaten Maros", "level": "regency"},
    {"code": "73.10", "name": "Kabupaten Pangkajene dan Kepulauan", "level": "regency"},
    {"code": "73.11", "name": "Kabupaten Barru", "level": "regency"},
    {"code": "73.12", "name": "Kabupaten Soppeng", "level": "regency"},
    {"code": "73.13", "name": "Kabupaten Wajo", "level": "regency"},
    {"code": "73.14", "name": "Kabupaten Sidenreng Rappang", "level": "regency"},
    {"code": "73.15", "name": "Kabupaten Pinrang", "level": "regency"},
    {"code": "73.16", "name": "Kabupaten Enrekang", "level": "regency"},
    {"code": "73.17", "name": "Kabupaten Luwu", "level": "regency"},
    {"code": "73.18", "name": "Kabupaten Tana Toraja", "level": "regency"},
    {"code": "73.22", "name": "Kabupaten Luwu Utara", "level": "regency"},
    {"code": "73.24", "name": "Kabupaten Luwu Timur", "level": "regency"},
    {"code": "73.26", "name": "Kabupaten Toraja Utara", "level": "regency"},
    {"code": "73.71", "name": "Kota Makassar", "level": "city"},
    {"code": "73.72", "name": "Kota Parepare", "level": "city"},
    {"code": "73.73", "name": "Kota Palopo", "level": "city"},
]

PROVINCE_AGENCIES = [
    {"name": "Asisten Pemerintahan", "short_name": "Asisten Pemerintahan"},
    {"name": "Asisten Ekonomi, Pembangunan dan Kesra", "short_name": "Asisten Ekbang dan Kesra"},
    {"name": "Asisten Administrasi", "short_name": "Asisten Administrasi"},
    {"name": "Biro Pemerintahan", "short_name": "Biro Pemerintahan"},
    {"name": "Biro Hukum dan HAM", "short_name": "Biro Hukum"},
    {"name": "Biro Humas dan Protokol", "short_name": "Biro Humas"},
    {"name": "Biro Perekonomian", "short_name": "Biro Perekonomian"},
    {"name": "Biro Pembangunan dan Pengadaan Barang/Jasa", "short_name": "Biro Pembangunan dan PBJ"},
    {"name": "Biro Kesejahteraan", "short_name": "Biro Kesra"},
    {"name": "Biro Organisasi dan Tatalaksana", "short_name": "Biro Ortala"},
    {"name": "Biro Umum dan Perlengkapan", "short_name": "Biro Umum"},
    {"name": "Biro Pengelolaan Barang dan Aset Daerah", "short_name": "Biro PBAD"},
    {"name": "Inspektorat", "short_name": "Inspektorat"},
    {"name": "Sekretariat DPRD", "short_name": "Setwan"},
    {"name": "Satpol PP", "short_name": "Satpol PP"},
    {"name": "Dinas Pendidikan", "short_name": "Disdik"},
    {"name": "Dinas Kesehatan", "short_name": "Dinkes"},
    {"name": "Dinas SDA, Cipta Karya dan Tata Ruang", "short_name": "Dinas SDA-CKTR"},
    {"name": "Dinas Bina Marga dan Bina Konstruksi", "short_name": "Dinas BMBK"},
    {"name": "Dinas Perumahan, Kawasan Permukiman dan Pertanahan", "short_name": "Dinas PKPP"},
    {"name": "Dinas Sosial", "short_name": "Dinsos"},
    {"name": "Dinas Tenaga Kerja dan Transmigrasi", "short_name": "Disnakertrans"},
    {"name": "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "short_name": "DP3A"},
    {"name": "Dinas Ketahanan Pangan, Tanaman Pangan dan Hortikultura", "short_name": "DKPTPH"},
    {"name": "Dinas Pengelolaan Lingkungan Hidup", "short_name": "DPLH"},
    {"name": "Dinas Pemberdayaan Masyarakat dan Desa", "short_name": "DPMD"},
    {"name": "Dinas Perhubungan", "short_name": "Dishub"},
    {"name": "Dinas Komunikasi, Informatika, Statistik dan Persandian", "short_name": "Diskominfo-SP"},
    {"name": "Dinas Koperasi dan UKM", "short_name": "Diskop UKM"},
    {"name": "Dinas Penanaman Modal dan PTSP", "short_name": "DPMPTSP"},
    {"name": "Dinas Kepemudaan dan Olahraga", "short_name": "Dispora"},
    {"name": "Dinas Kebudayaan dan Kepariwisataan", "short_name": "Disbudpar"},
    {"name": "Dinas Perpustakaan dan Kearsipan", "short_name": "DPK"},
    {"name": "Dinas Kelautan dan Perikanan", "short_name": "DKP"},
    {"name": "Dinas Perkebunan", "short_name": "Disbun"},
    {"name": "Dinas Peternakan dan Kesehatan Hewan", "short_name": "Disnak Keswan"},
    {"name": "Dinas Kehutanan", "short_name": "Dishut"},
    {"name": "Dinas ESDM", "short_name": "Dinas ESDM"},
    {"name": "Dinas Perindustrian", "short_name": "Disperin"},
    {"name": "Dinas Perdagangan", "short_name": "Disdag"},
    {
        "name": "Dinas Kependudukan, Catatan Sipil, Pengendalian Penduduk dan KB",
        "short_name": "Disdukcapil PPKB",
    },
    {"name": "Bappeda", "short_name": "Bappeda"},
    {"name": "Badan Pengelola Keuangan Daerah", "short_name": "BPKD"},
    {"name": "Badan Pendapatan Daerah", "short_name": "Bapenda"},
    {"name": "Badan Kepegawaian Daerah", "short_name": "BKD"},
    {"name": "BPSDM", "short_name": "BPSDM"},
    {"name": "Balitbangda", "short_name": "Balitbangda"},
    {"name": "Badan Kesatuan Bangsa dan Politik", "short_name": "Kesbangpol"},
    {"name": "Badan Penghubung", "short_name": "Badan Penghubung"},
    {"name": "BPBD", "short_name": "BPBD"},
    {"name": "RSUD Labuang Baji", "short_name": "RSUD Labuang Baji"},
    {"name": "RSUD Haji Makassar", "short_name": "RSUD Haji"},
    {"name": "RSUD Sayang Rakyat", "short_name": "RSUD Sayang Rakyat"},
]

# ``{place}`` = regency/city name without "Kabupaten "/"Kota " (see ``place_name``).
# ``short_name`` is the key that categories.py uses in ``regency_agency``.
REGENCY_AGENCY_TEMPLATES = [
    {"name": "Dinas Pekerjaan Umum dan Penataan Ruang {place}", "short_name": "Dinas PUPR"},
    {"name": "Dinas Pendidikan {place}", "short_name": "Disdik"},
    {"name": "Dinas Kesehatan {place}", "short_name": "Dinkes"},
    {"name": "Dinas Kependudukan dan Pencatatan Sipil {place}", "short_name": "Disdukcapil"},
    {"name": "Dinas Perhubungan {place}", "short_name": "Dishub"},
    {"name": "Dinas Lingkungan Hidup {place}", "short_name": "DLH"},
    {"name": "Dinas Sosial {place}", "short_name": "Dinsos"},
    {"name": "Satuan Polisi Pamong Praja {place}", "short_name": "Satpol PP"},
    {"name": "Rumah Sakit Umum Daerah {place}", "short_name": "RSUD"},
    {"name": "Inspektorat {place}", "short_name": "Inspektorat"},
    {"name": "Dinas Komunikasi dan Informatika {place}", "short_name": "Diskominfo"},
]

DISTRICTS = {
    # Kabupaten Gowa (18)
    "73.06": [
        "Bontonompo",
        "Bontonompo Selatan",
        "Bajeng",
        "Bajeng Barat",
        "Pallangga",
        "Barombong",
        "Somba Opu",
        "Bontomarannu",
        "Pattallassang",
        "Parangloe",
        "Manuju",
        "Tinggimoncong",
        "Tombolo Pao",
        "Parigi",
        "Bungaya",
        "Bontolempangan",
        "Tompobulu",
        "Biringbulu",
    ],
    # Kabupaten Bone (27)
    "73.08": [
        "Bontocani",
        "Kahu",
        "Kajuara",
        "Salomekko",
        "Tonra",
        "Patimpeng",
        "Libureng",
        "Mare",
        "Sibulue",
        "Cina",
        "Barebbo",
        "Ponre",
        "Lappariaja",
        "Lamuru",
        "Tellu Limpoe",
        "Bengo",
        "Ulaweng",
        "Palakka",
        "Awangpone",
        "Tellu Siattinge",
        "Amali",
        "Ajangale",
        "Dua Boccoe",
        "Cenrana",
        "Tanete Riattang Barat",
        "Tanete Riattang",
        "Tanete Riattang Timur",
    ],
    # Kota Makassar (15)
    "73.71": [
        "Mariso",
        "Mamajang",
        "Tamalate",
        "Rappocini",
        "Makassar",
        "Ujung Pandang",
        "Wajo",
        "Bontoala",
        "Ujung Tanah",
        "Kepulauan Sangkarrang",
        "Tallo",
        "Panakkukang",
        "Manggala",
        "Biringkanaya",
        "Tamalanrea",
    ],
    # Kota Parepare (4)
    "73.72": [
        "Bacukiki",
        "Bacukiki Barat",
        "Ujung",
        "Soreang",
    ],
    # Kota Palopo (9)
    "73.73": [
        "Wara",
        "Wara Utara",
        "Wara Selatan",
        "Wara Timur",
        "Wara Barat",
        "Bara",
        "Telluwanua",
        "Sendana",
        "Mungkajang",
    ],
}


def place_name(regency_name):
    """Return a regency/city name without its "Kabupaten "/"Kota " prefix."""
    for prefix in ("Kabupaten ", "Kota "):
        if regency_name.startswith(prefix):
            return regency_name[len(prefix):]
    return regency_name
