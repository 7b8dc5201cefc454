// Tencent KMS 2019-01-18, account and region level: what a console page asks before it
// lists keys — is the service on (GetServiceStatus), where (GetRegions), with which
// algorithms (ListAlgorithms). No key involved.
import type { ActionTable } from '../../wire/dialect.js';

/** Regions where Tencent Cloud KMS answers (X-TC-Region); GetRegions lists them. */
export const TENCENT_REGIONS = [
  'ap-guangzhou', 'ap-shanghai', 'ap-nanjing', 'ap-beijing', 'ap-chengdu', 'ap-chongqing', 'ap-hongkong', 'ap-singapore',
  'ap-jakarta', 'ap-bangkok', 'ap-seoul', 'ap-tokyo', 'ap-mumbai', 'na-siliconvalley', 'na-ashburn', 'eu-frankfurt', 'sa-saopaulo',
  'ap-shanghai-fsi', 'ap-shenzhen-fsi', 'ap-beijing-fsi',
] as const;

/**
 * ListAlgorithms: {KeyUsage, Algorithm} pairs, Algorithm naming the key's algorithm. The
 * documented example (tencentcloud-cli examples/kms/v20190118/ListAlgorithms.md) lists
 * ENCRYPT_DECRYPT/SM4, ASYMMETRIC_DECRYPT_SM2/SM2, ASYMMETRIC_DECRYPT_RSA_2048/RSA_2048 and
 * ASYMMETRIC_SIGN_VERIFY_SM2/SM2. The mock adds what it also makes: 256-bit symmetric keys
 * (seed 000's FIPS edition) and the other signing usages, whose Algorithm names are UNCONFIRMED.
 */
const algorithms = () => ({
  SymmetricAlgorithms: [
    { KeyUsage: 'ENCRYPT_DECRYPT', Algorithm: 'SM4' },
    { KeyUsage: 'ENCRYPT_DECRYPT', Algorithm: 'AES_256' },
  ],
  AsymmetricAlgorithms: [
    { KeyUsage: 'ASYMMETRIC_DECRYPT_SM2', Algorithm: 'SM2' },
    { KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048', Algorithm: 'RSA_2048' },
  ],
  AsymmetricSignVerifyAlgorithms: [
    { KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_SM2', Algorithm: 'SM2' },
    { KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECC', Algorithm: 'ECC' },
    { KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_RSA_2048', Algorithm: 'RSA_2048' },
    { KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECDSA384', Algorithm: 'ECDSA384' },
  ],
});

export const SERVICE_ACTIONS: ActionTable = {
  ListAlgorithms: {
    params: {},
    async run() {
      return algorithms();
    },
  },
  GetRegions: {
    params: {},
    async run() {
      return { Regions: [...TENCENT_REGIONS] };
    },
  },
  GetServiceStatus: {
    params: {},
    async run({ service, region }) {
      // The mock is an activated standard edition (UserLevel 0, InvalidType 1 = normal) of the
      // shared KMS: no exclusive HSM, no hosted data keys, no cross-region sync (not in the mock).
      return {
        ServiceEnabled: true,
        InvalidType: 1,
        UserLevel: 0,
        ProExpireTime: 0,
        ProRenewFlag: 0,
        ProResourceId: '',
        ExclusiveVSMEnabled: false,
        ExclusiveHSMEnabled: false,
        SubscriptionInfo: '',
        CmkUserCount: service.listKeys('tencent', region).length,
        ExclusiveHSMList: [],
        IsAllowedDataKeyHosted: false,
        SyncTaskList: [],
        IsAllowedSync: false,
      };
    },
  },
};
