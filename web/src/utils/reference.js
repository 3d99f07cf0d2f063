// Reference lists the pages share (prefectures, occupations, labour brands), loaded once per session
// of the app and kept in memory; county lists are cached per prefecture.
import { onMounted, reactive } from 'vue'
import { listDivisions } from '../api/reference.js'
import { listOccupations, listBrands } from '../api/registry.js'
import { itemsOf } from './format.js'

export const refdata = reactive({ prefectures: [], occupations: [], brands: [], counties: {} })
const loading = {}

function once(key, fn) {
  if (!loading[key]) {
    loading[key] = fn().catch((e) => {
      delete loading[key]
      throw e
    })
  }
  return loading[key]
}

export const loadPrefectures = () =>
  once('prefectures', async () => {
    refdata.prefectures = itemsOf(await listDivisions('62'))
    return refdata.prefectures
  })

export const loadOccupations = () =>
  once('occupations', async () => {
    refdata.occupations = itemsOf(await listOccupations())
    return refdata.occupations
  })

export const loadBrands = () =>
  once('brands', async () => {
    refdata.brands = itemsOf(await listBrands())
    return refdata.brands
  })

export const loadCounties = (prefecture) =>
  once(`counties-${prefecture}`, async () => {
    refdata.counties[prefecture] = itemsOf(await listDivisions(prefecture))
    return refdata.counties[prefecture]
  })

const LOADERS = { prefectures: loadPrefectures, occupations: loadOccupations, brands: loadBrands }

// In a component's setup: load these lists when it mounts ('prefectures', 'occupations', 'brands'). A list that
// fails to load only leaves its names as codes, so the error is not the page's.
export function useReference(...kinds) {
  onMounted(() => {
    for (const k of kinds) LOADERS[k]().catch(() => {})
  })
}

export function occupationName(code) {
  const o = refdata.occupations.find((x) => x.code === code)
  return o ? o.name : code
}

export function prefectureName(code) {
  const p = refdata.prefectures.find((x) => x.code === code)
  return p ? p.name : code
}
