"""The five programs of Kominfo SP and a starting set of indicators (docs/indicators.md says why).

Data, not code: `manage.py load_indicators` (and the demo) create what is missing and leave what
the province edited alone (`--update` rewrites the shipped fields). Codes are stable identifiers;
names, targets and publication are the province's to change in the staff pages or the admin.
Texts are Indonesian data, like the reference data in directory/data/.
"""

PROGRAMS = [
    {"code": "spbe", "position": 1, "name": "Penyelenggaraan Pemerintahan Berbasis Elektronik (SPBE)",
     "description": "Kelembagaan, kebijakan, infrastruktur TIK, aplikasi terintegrasi, SDM dan keamanan informasi; "
                    "dinilai dengan evaluasi SPBE (PermenPANRB 59/2020)."},
    {"code": "ppid", "position": 2, "name": "Pelayanan Informasi Publik (PPID)",
     "description": "Permohonan informasi publik dilayani sesuai UU 14/2008."},
    {"code": "ikp", "position": 3, "name": "Informasi dan Komunikasi Publik",
     "description": "Kemitraan media, penyebarluasan informasi, dan pengelolaan pengaduan masyarakat."},
    {"code": "statistik", "position": 4, "name": "Statistik Sektoral",
     "description": "Data digital setiap OPD tersedia, mutakhir dan terintegrasi (Satu Data Indonesia, Perpres 39/2019)."},
    {"code": "persandian", "position": 5, "name": "Persandian dan Keamanan Informasi",
     "description": "Pelindungan informasi, deteksi serangan, penanganan insiden dan pemulihan."},
]

# kind "computed": formula_key from an app's indicator_formulas.py; "reported": entered with evidence.
INDICATORS = [
    # 1. SPBE
    {"program": "spbe", "code": "spbe-indeks", "name": "Indeks SPBE", "unit": "indeks", "direction": "higher",
     "kind": "computed", "formula_key": "spbe.index", "evidence_required": False, "is_published": True,
     "min_value": 1, "max_value": 5,
     "definition": "Indeks akhir penilaian mandiri SPBE tahun berjalan: Σ(bobot × tingkat) ÷ Σ bobot, skala 1–5."},
    {"program": "spbe", "code": "spbe-layanan-terintegrasi", "name": "Aplikasi layanan yang terintegrasi",
     "unit": "persen", "direction": "higher", "kind": "reported", "is_published": True,
     "definition": "Persentase aplikasi layanan publik dan administrasi yang terhubung ke sistem penghubung "
                   "layanan (SPLP) atau aplikasi umum berbagi pakai."},
    {"program": "spbe", "code": "spbe-sdm-tik", "name": "ASN bersertifikat kompetensi TIK", "unit": "jumlah",
     "direction": "higher", "kind": "reported",
     "definition": "Jumlah ASN pengelola TIK yang memegang sertifikat kompetensi yang masih berlaku."},
    # 2. PPID
    {"program": "ppid", "code": "ppid-permohonan-terlayani", "name": "Permohonan informasi terlayani",
     "unit": "persen", "direction": "higher", "kind": "computed", "formula_key": "ppid.requests_served_ratio",
     "evidence_required": False, "is_published": True,
     "definition": "Permohonan yang sudah mendapat keputusan tertulis PPID ÷ permohonan yang diterima pada periode."},
    {"program": "ppid", "code": "ppid-dip-mutakhir", "name": "OPD dengan DIP mutakhir", "unit": "persen",
     "direction": "higher", "kind": "reported",
     "definition": "Persentase OPD yang memperbarui Daftar Informasi Publik dalam 6 bulan terakhir."},
    # 3. Information & public communication (and the complaint handling it runs)
    {"program": "ikp", "code": "ikp-mitra-media", "name": "Mitra media terverifikasi aktif", "unit": "jumlah",
     "direction": "higher", "kind": "computed", "formula_key": "dissemination.active_verified_partners",
     "evidence_required": False, "is_published": True,
     "definition": "Mitra media terverifikasi Dewan Pers dengan kontrak aktif pada periode."},
    {"program": "ikp", "code": "ikp-publikasi", "name": "Informasi yang disebarluaskan", "unit": "jumlah",
     "direction": "higher", "kind": "computed", "formula_key": "dissemination.publications",
     "evidence_required": False, "is_published": True,
     "definition": "Siaran pers, berita, infografis dan video yang diterbitkan pada periode."},
    {"program": "ikp", "code": "ikp-penayangan", "name": "Penayangan di mitra media", "unit": "jumlah",
     "direction": "higher", "kind": "computed", "formula_key": "dissemination.placements",
     "evidence_required": False,
     "definition": "Penayangan (dengan bukti tayang) di mitra media pada periode."},
    {"program": "ikp", "code": "ikp-jangkauan", "name": "Jangkauan informasi", "unit": "jumlah",
     "direction": "higher", "kind": "computed", "formula_key": "dissemination.total_reach",
     "evidence_required": False,
     "definition": "Jumlah tayangan/impresi yang dilaporkan untuk publikasi pada periode."},
    {"program": "ikp", "code": "ikp-verifikasi-tepat-waktu", "name": "Laporan diverifikasi tepat waktu",
     "unit": "persen", "direction": "higher", "kind": "computed", "formula_key": "complaints.verified_on_time",
     "evidence_required": False, "is_published": True,
     "definition": "Tahap verifikasi dan disposisi yang selesai dalam 3 hari kerja ÷ yang selesai pada periode."},
    {"program": "ikp", "code": "ikp-tindak-lanjut-tepat-waktu", "name": "Laporan ditindaklanjuti tepat waktu",
     "unit": "persen", "direction": "higher", "kind": "computed", "formula_key": "complaints.followed_up_on_time",
     "evidence_required": False, "is_published": True,
     "definition": "Tindak lanjut OPD dalam 5 hari kerja ÷ tindak lanjut yang selesai pada periode."},
    {"program": "ikp", "code": "ikp-laporan-selesai", "name": "Laporan selesai", "unit": "persen",
     "direction": "higher", "kind": "computed", "formula_key": "complaints.finished_share",
     "evidence_required": False,
     "definition": "Laporan yang diterima pada periode dan sudah selesai ÷ laporan yang diterima (tanpa yang "
                   "diarsipkan atau dialihkan)."},
    {"program": "ikp", "code": "ikp-kepuasan", "name": "Pelapor puas", "unit": "persen", "direction": "higher",
     "kind": "computed", "formula_key": "complaints.satisfaction", "evidence_required": False,
     "definition": "Penilaian 4 atau 5 (dari 5) ÷ laporan selesai yang dinilai pada periode."},
    # 4. Sectoral statistics
    {"program": "statistik", "code": "stat-opd-data-mutakhir", "name": "OPD dengan data mutakhir",
     "unit": "persen", "direction": "higher", "kind": "computed", "formula_key": "satudata.opd_share_current",
     "evidence_required": False, "is_published": True,
     "definition": "OPD yang punya paling sedikit satu dataset terbit dan mutakhir menurut frekuensinya ÷ semua OPD."},
    {"program": "statistik", "code": "stat-dataset-terbit", "name": "Dataset terbit", "unit": "jumlah",
     "direction": "higher", "kind": "computed", "formula_key": "satudata.datasets_published",
     "evidence_required": False, "is_published": True,
     "definition": "Dataset yang diterbitkan walidata pada periode."},
    {"program": "statistik", "code": "stat-dataset-terlambat", "name": "Dataset terlambat dimutakhirkan",
     "unit": "jumlah", "direction": "lower", "kind": "computed", "formula_key": "satudata.datasets_overdue",
     "evidence_required": False,
     "definition": "Dataset terbit yang melewati jadwal pemutakhirannya."},
    # 5. Encryption & security
    {"program": "persandian", "code": "sandi-insiden-3x24", "name": "Insiden data pribadi diberitahukan dalam 3×24 jam",
     "unit": "persen", "direction": "higher", "kind": "computed", "formula_key": "security.incidents_within_3x24h",
     "evidence_required": False, "is_published": True,
     "definition": "Kegagalan pelindungan data pribadi yang diberitahukan kepada subjek data dan lembaga dalam "
                   "3×24 jam (UU 27/2022) ÷ semua kegagalan yang terdeteksi pada periode."},
    {"program": "persandian", "code": "sandi-peristiwa-terdeteksi", "name": "Peristiwa keamanan terdeteksi",
     "unit": "jumlah", "direction": "higher", "kind": "computed", "formula_key": "security.events_detected",
     "evidence_required": False,
     "definition": "Serangan dan penyalahgunaan yang dikenali aturan deteksi Baruga pada periode (kemampuan "
                   "deteksi; dibaca bersama jumlah insiden)."},
    {"program": "persandian", "code": "sandi-uji-pemulihan", "name": "Uji pemulihan cadangan berhasil",
     "unit": "jumlah", "direction": "higher", "kind": "computed", "formula_key": "security.backup_drills",
     "evidence_required": False, "is_published": True,
     "definition": "Arsip cadangan yang diuji pada periode dengan `manage.py backup --verify` (didekripsi, "
                   "setiap hash diperiksa; docs/recovery.md) dan terbukti utuh."},
    {"program": "persandian", "code": "sandi-opd-tte", "name": "OPD menggunakan sertifikat elektronik",
     "unit": "persen", "direction": "higher", "kind": "reported",
     "definition": "Persentase OPD yang menandatangani dokumen dinas dengan sertifikat elektronik (TTE) BSrE."},
]
