/** ISO 3166-1 country codes: CoinGate wants alpha-3, people often type alpha-2. */

/**
 * All 249 officially assigned ISO 3166-1 codes as alpha-2 + alpha-3 pairs ("LTLTU"), one line
 * per first letter.
 */
const PAIRS = [
  "ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE",
  "BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS BTBTN BVBVT BWBWA BYBLR BZBLZ",
  "CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE",
  "DEDEU DJDJI DKDNK DMDMA DODOM DZDZA",
  "ECECU EEEST EGEGY EHESH ERERI ESESP ETETH",
  "FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA",
  "GAGAB GBGBR GDGRD GEGEO GFGUF GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY",
  "HKHKG HMHMD HNHND HRHRV HTHTI HUHUN",
  "IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA",
  "JEJEY JMJAM JOJOR JPJPN",
  "KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ",
  "LALAO LBLBN LCLCA LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY",
  "MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ",
  "NANAM NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL",
  "OMOMN",
  "PAPAN PEPER PFPYF PGPNG PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY",
  "QAQAT",
  "REREU ROROU RSSRB RURUS RWRWA",
  "SASAU SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD STSTP SVSLV SXSXM SYSYR SZSWZ",
  "TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON TRTUR TTTTO TVTUV TWTWN TZTZA",
  "UAUKR UGUGA UMUMI USUSA UYURY UZUZB",
  "VAVAT VCVCT VEVEN VGVGB VIVIR VNVNM VUVUT",
  "WFWLF WSWSM",
  "YEYEM YTMYT",
  "ZAZAF ZMZMB ZWZWE",
]
  .join(" ")
  .split(" ");

const ALPHA3_BY_ALPHA2: ReadonlyMap<string, string> = new Map(
  PAIRS.map((pair) => [pair.slice(0, 2), pair.slice(2)]),
);
const ALPHA3_CODES: ReadonlySet<string> = new Set(ALPHA3_BY_ALPHA2.values());

/** Codes people use that ISO does not assign, with the code they mean. */
const COMMON_MISTAKES: Readonly<Record<string, string>> = {
  UK: "GB (GBR)",
  EL: "GR (GRC)",
  EU: "the country itself",
};

export type CountryResult = { ok: true; alpha3: string } | { ok: false; reason: string };

/** Accepts an alpha-2 or alpha-3 code in any case; returns the alpha-3 code. */
export function toAlpha3(text: string): CountryResult {
  const code = text.trim().toUpperCase();
  if (code === "") return { ok: false, reason: "Country is empty." };
  if (code.length === 3 && ALPHA3_CODES.has(code)) return { ok: true, alpha3: code };
  const alpha3 = code.length === 2 ? ALPHA3_BY_ALPHA2.get(code) : undefined;
  if (alpha3) return { ok: true, alpha3 };
  const hint = COMMON_MISTAKES[code];
  return {
    ok: false,
    reason: hint
      ? `Country "${text.trim()}" is not an ISO 3166 code: use ${hint}.`
      : `Country "${text.trim()}" is not an ISO 3166 code: use two or three letters, e.g. LT or LTU.`,
  };
}

/** Every alpha-2 code with its alpha-3 code. */
export function countryCodes(): ReadonlyMap<string, string> {
  return ALPHA3_BY_ALPHA2;
}
