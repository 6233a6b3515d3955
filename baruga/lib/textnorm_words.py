"""The word lists of `textnorm`: everyday abbreviations and slang, and stop words. Maintained by hand.

How to maintain
- ABBREVIATIONS maps one lower-case token (letters and digits only: "jln", not "jln.") to the word or
  words it stands for. Add a form when complaints keep using it; leave out a form that means two
  different things (below), because a wrong expansion makes search find what was never written.
- STOP_WORDS are dropped from both the stored search text and the query. Only words that carry no
  meaning for a complaint belong here. Negations and states ("tidak", "belum", "sudah", "bukan",
  "jangan", "masih") are NOT stop words: "tidak diperbaiki" and "sudah diperbaiki" must differ.
- A change to either list changes the stored search text: run `manage.py rebuild_search_text` after
  deploying it (the query side changes at once, the stored rows only when rebuilt).

Left out on purpose
- "dr" (dari / dokter), "tk" (taman kanak-kanak / tingkat), "pt" (perseroan / perguruan tinggi),
  "smp" (sampai / SMP, the school): ambiguous.
- "sdn", "smpn", "sman", "pdam", "pln", "pju", "rt", "rw", "puskesmas": kept as written. They are how
  people write and search these names; expanding "sdn" to "sd negeri" would also let "negeri" of
  "Pengadilan Negeri" match every school.
"""

ABBREVIATIONS = {
    # streets and places
    "jl": "jalan", "jln": "jalan", "jaln": "jalan",
    "kec": "kecamatan", "kab": "kabupaten", "kel": "kelurahan", "prov": "provinsi",
    "dpn": "depan", "blkg": "belakang", "sblh": "sebelah", "dkt": "dekat", "skt": "sekitar",
    # negation and state
    "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak", "ngga": "tidak", "enggak": "tidak",
    "engga": "tidak", "tdk": "tidak", "tak": "tidak", "kagak": "tidak",
    "udh": "sudah", "udah": "sudah", "sdh": "sudah", "dah": "sudah",
    "blm": "belum", "belom": "belum", "blom": "belum",
    "msh": "masih", "msih": "masih",
    # time
    "bln": "bulan", "thn": "tahun", "th": "tahun", "hr": "hari", "mgg": "minggu", "skrg": "sekarang",
    "skrng": "sekarang", "kmrn": "kemarin", "kmarin": "kemarin", "sblm": "sebelum", "ssdh": "sesudah",
    # function words (then dropped as stop words, so that "yg" does not stay a searchable term)
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "krn": "karena", "krna": "karena", "karna": "karena",
    "utk": "untuk", "untk": "untuk", "tsb": "tersebut", "dlm": "dalam", "pd": "pada", "kpd": "kepada",
    "ttg": "tentang", "spt": "seperti", "sm": "sama", "jg": "juga", "lg": "lagi", "aja": "saja",
    "kalo": "kalau", "klo": "kalau", "kl": "kalau", "trs": "terus", "sampe": "sampai",
    "dll": "dan lain lain", "dsb": "dan sebagainya", "sy": "saya", "gw": "saya", "gue": "saya",
    "tlg": "tolong", "mhn": "mohon", "bpk": "bapak", "bgt": "banget", "byk": "banyak", "bnyk": "banyak",
    "gmn": "bagaimana", "gimana": "bagaimana", "knp": "kenapa", "brp": "berapa", "org": "orang",
    "sdgkan": "sedangkan", "tp": "tapi", "tpi": "tapi",
    # services
    "pemkab": "pemerintah kabupaten", "pemkot": "pemerintah kota", "pemda": "pemerintah daerah",
}

STOP_WORDS = frozenset("""
yang dan di ke dari dengan untuk pada ini itu ada adalah akan juga atau sebagai dalam oleh karena kepada
tentang seperti saja lagi tersebut para pun lah kah nya si sang telah agar supaya bahwa jika kalau maka
namun tetapi tapi serta hingga sampai saat ketika bagi per ya sama terus sedangkan sebagainya lain
saya aku kami kita anda kamu dia mereka beliau mohon tolong bapak ibu pak bu terima kasih
""".split())
