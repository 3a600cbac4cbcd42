"""Independent check of PpgBpLabelTableTest: prints the PPG-BP label sheet from its XML, without POI.

Usage: python3 xlsx_rows.py "../shared/data/ppg_bp/PPG-BP dataset.xlsx"   (standard library only)
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from collections import Counter

M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
strings = [''.join(t.text or '' for t in si.iter(M + 't'))
           for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(M + 'si')]
rows = {}
for r in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).find(M + 'sheetData').findall(M + 'row'):
    cells = {}
    for c in r.findall(M + 'c'):
        v = c.find(M + 'v')
        if v is not None:
            column = re.match(r'[A-Z]+', c.get('r')).group()
            cells[column] = strings[int(v.text)] if c.get('t') == 's' else v.text
    rows[int(r.get('r'))] = cells
print('header (row 2):', rows[2])
data = [k for k in rows if k > 2 and rows[k]]
print('data rows', len(data), 'from', min(data), 'to', max(data), 'distinct ids', len({rows[k]['B'] for k in data}))
for k in (3, 100, 221):
    print('row', k, rows[k])
print(Counter(rows[k].get('K') for k in data))
for column, name in (('G', 'SBP'), ('H', 'DBP'), ('I', 'HR')):
    values = [float(rows[k][column]) for k in data]
    print(name, min(values), max(values))
